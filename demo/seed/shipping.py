"""Shipping abroad in the demo: shops' profiles (carpets by weight), customs data on every
piece, and a paid US order for buyer@souk.test with its import-charges estimate and its
customs documents (CN23/CN22 and invoice) ready in the shop's order page."""

from __future__ import annotations

from artisans.models import ShippingRate, Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.orders import services as orders
from marketplace.orders.models import ShopOrder
from marketplace.orders.tasks import shop_order_documents_task
from marketplace.shipping.hs import suggest_hs
from marketplace.shipping.models import ProductCustoms
from marketplace.shipping.services import product_customs_set, shipping_profile_set

CARPET_SHOPS = {"tifawin-azilal", "nissae-zemmour"}
CARRIERS = {"MA": ["amana"], "EU": ["amana", "dhl", "chronopost"], "NA": ["amana", "dhl", "ups"],
            "WW": ["amana", "aramex"]}  # fmt: skip
# Carpets travel by weight: (up to grams, MAD) per zone.
CARPET_BANDS = {
    "MA": [(5000, "60"), (30000, "120")],
    "EU": [(2000, "260"), (5000, "430"), (10000, "700"), (30000, "1400")],
    "NA": [(2000, "340"), (5000, "590"), (10000, "950"), (30000, "1900")],
    "WW": [(2000, "380"), (5000, "650"), (10000, "1050"), (30000, "2100")],
}
US_ADDRESS = {"name": "Emily Carter", "line1": "221 Oak Avenue", "city": "Columbus",
              "postal_code": "43215", "country": "US", "phone": "+1 614 555 0147"}  # fmt: skip


def seed() -> None:
    """Set the demo shops' shipping profiles and the customs data of every demo piece."""
    for shop in Shop.objects.filter(status=Shop.Status.VERIFIED).order_by("pk"):
        zones = set(ShippingRate.objects.filter(shop=shop).values_list("zone", flat=True))
        terms = {}
        for zone in sorted(zones):
            if shop.slug in CARPET_SHOPS:
                terms[zone] = {"pricing": "weight", "bands": CARPET_BANDS[zone]}
            else:
                terms[zone] = {"pricing": "piece"}
            terms[zone]["carriers"] = CARRIERS[zone]
            if zone == "MA":
                terms[zone]["free_over_mad"] = "1500"
        shipping_profile_set(
            shop_id=shop.pk, actor=None, processing_days_min=1, processing_days_max=3, zones=terms
        )
    done = set(ProductCustoms.objects.values_list("product_id", flat=True))
    products = Product.objects.exclude(pk__in=done).select_related("category__parent")
    for product in products.prefetch_related("materials").order_by("pk"):
        suggested = suggest_hs(product.category)
        product_customs_set(
            product_id=product.pk,
            actor=None,
            hs_code=suggested[0] if suggested else "",
            origin_country="MA",
            composition=", ".join(m.title_en for m in product.materials.all())[:200],
            net_weight_grams=int(product.weight_grams * 0.85) or None,
        )


def seed_export_order() -> None:
    """Place (once) a paid US order: a carpet and a tagine, accepted, papers ready."""
    buyer = User.objects.filter(email="buyer@souk.test").first()
    carpet = (
        Product.objects.filter(shop__slug__in=CARPET_SHOPS, status="published", in_stock=True)
        .order_by("pk")
        .first()
    )
    tagine = (
        Product.objects.filter(category__slug="tagines", status="published", in_stock=True)
        .order_by("pk")
        .first()
    )
    if buyer is None or carpet is None or tagine is None:
        return
    cart = orders.cart_get_or_create(user=buyer)
    for product in (carpet, tagine):
        variant = product.variants.filter(is_active=True, stock__gt=0).order_by("pk").first()
        if variant is not None:
            orders.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    order = orders.order_place(
        cart=cart, email=buyer.email, address=US_ADDRESS, currency="USD", buyer=buyer,
        language="en", idempotency_key="demo-export-us", start_payment=False,
    )  # fmt: skip
    if order.status == "pending_payment":
        orders.order_mark_paid(order_id=order.pk)
    for part in ShopOrder.objects.filter(order=order).select_related("shop__artisan__user"):
        if part.status == "paid":
            seller = part.shop.artisan.user if part.shop.artisan_id else None
            orders.shop_order_accept(shop_order_id=part.pk, actor=seller)
        shop_order_documents_task(part.pk)  # in this process: the demo works without a worker

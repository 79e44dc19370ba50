"""Demo favourites for buyer@souk.test, made through the real services: three loved pieces,
a followed shop, a back-in-stock alert on a sold-out piece, two saved addresses and the cart
reminder turned on. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from artisans.models import Shop
from marketplace.accounts.models import SavedAddress, User
from marketplace.accounts.services import address_create
from marketplace.catalogue.models import Product, Variant
from marketplace.favourites.models import Favourite
from marketplace.favourites.services import (
    alert_settings_update,
    favourite_add,
    follow_add,
    stock_alert_create,
)

HOME = {
    "label": "Home",
    "name": "Emily Carter",
    "line1": "12 Main Street",
    "city": "Boston",
    "postal_code": "02110",
    "country": "US",
    "phone": "+1 617 555 0100",
}
WORK = {
    "label": "Work",
    "name": "Emily Carter",
    "line1": "350 Fifth Avenue",
    "line2": "Floor 21",
    "city": "New York",
    "postal_code": "10118",
    "country": "US",
    "phone": "+1 212 555 0142",
}


def seed() -> int:
    """Give buyer@souk.test favourites, a follow, an alert and addresses; answer how many new."""
    buyer = User.objects.filter(email="buyer@souk.test").first()
    if buyer is None or Favourite.objects.filter(user=buyer).exists():
        return 0
    made = 0
    if not SavedAddress.objects.filter(user=buyer).exists():
        address_create(user=buyer, is_default=True, **HOME)
        address_create(user=buyer, **WORK)
        made += 2
    public = Product.objects.filter(
        status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED, in_stock=True
    ).order_by("shop_id", "pk")
    seen_shops: set[int] = set()
    for product in public:
        if product.shop_id in seen_shops:
            continue
        seen_shops.add(product.shop_id)
        favourite_add(user=buyer, product_id=product.pk)
        made += 1
        if len(seen_shops) == 3:
            break
    coop = Shop.objects.filter(slug="tifawin-azilal", status=Shop.Status.VERIFIED).first()
    if coop is not None:
        follow_add(user=buyer, shop_id=coop.pk)
        made += 1
    sold_out = (
        Variant.objects.filter(
            stock=0,
            is_active=True,
            product__status=Product.Status.PUBLISHED,
            product__made_to_order=False,
            product__shop__status=Shop.Status.VERIFIED,
        )
        .order_by("pk")
        .first()
    )
    if sold_out is not None:
        stock_alert_create(user=buyer, variant_id=sold_out.pk)
        made += 1
    alert_settings_update(user=buyer, cart_reminder=True)
    return made

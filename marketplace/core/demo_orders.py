"""Demo orders, deliveries and reviews, so the analytics page and the moderator queues show life.

Destinations are weighted like the export figures (United States 44 %, France 14 %, Spain 7 %,
Morocco and others the rest) and about 91 % of reviews are rated 4–5, as in the article.
Idempotent: every order has a fixed key and is skipped when it already exists.
"""

from __future__ import annotations

import io
import random
import zlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from artisans.models import Artisan, ShippingRate, Shop
from marketplace.accounts.models import User
from marketplace.catalogue.images import build_renditions
from marketplace.catalogue.models import Category, Product, ProductImage, Variant
from marketplace.catalogue.services import product_refresh_summary
from marketplace.orders.countries import zone_for_country
from marketplace.orders.models import Order, OrderLine, ShopOrder
from marketplace.orders.status import ShopOrderStatus, derive_order_status
from marketplace.reviews.models import Review
from marketplace.reviews.services import product_rating_refresh

from .demo_images import SIZE, draw_product_image

ORDERS = 180
COUNTRIES = [("US", 44), ("FR", 14), ("ES", 7), ("MA", 20), ("GB", 4), ("DE", 4), ("CA", 3),
             ("BE", 2), ("NL", 2)]  # fmt: skip
CURRENCY = {"US": "USD", "CA": "USD", "MA": "MAD"}
RATES = {"MAD": Decimal("1"), "EUR": Decimal("0.0925"), "USD": Decimal("0.1085")}
BUYERS = [
    ("Emily Carter", "US", "en"), ("Jacob Miller", "US", "en"), ("Olivia Brooks", "US", "en"),
    ("Camille Durand", "FR", "fr"), ("Lucas Martin", "FR", "fr"), ("Lucía García", "ES", "es"),
    ("Youssef Benali", "MA", "ar"), ("Salma Idrissi", "MA", "fr"), ("Oliver Smith", "GB", "en"),
    ("Lena Schmidt", "DE", "en"), ("Noah Tremblay", "CA", "fr"), ("Sanne de Vries", "NL", "en"),
]  # fmt: skip
CITIES = {"US": "Boston", "FR": "Lyon", "ES": "Sevilla", "MA": "Rabat", "GB": "London",
          "DE": "Berlin", "CA": "Montréal", "BE": "Bruxelles", "NL": "Utrecht"}  # fmt: skip
REVIEW_TEXTS = {
    5: {"en": "Even more beautiful than in the photos. Carefully packed, arrived safely.",
        "fr": "Encore plus beau qu'en photo. Emballage soigné, arrivé en parfait état.",
        "es": "Aún más bonito que en las fotos. Muy bien embalado.",
        "ar": "أجمل من الصور، تغليف ممتاز ووصل في حالة جيدة."},
    4: {"en": "Lovely piece, a little smaller than I imagined.",
        "fr": "Très jolie pièce, un peu plus petite que prévu.",
        "es": "Pieza preciosa, algo más pequeña de lo que esperaba.",
        "ar": "قطعة جميلة، أصغر قليلا مما توقعت."},
    3: {"en": "Nice work but shipping took a long time.",
        "fr": "Beau travail mais la livraison a été longue.",
        "es": "Buen trabajo pero el envío tardó mucho.",
        "ar": "عمل جيد لكن الشحن تأخر."},
    2: {"en": "The colour is not the one in the photo.",
        "fr": "La couleur n'est pas celle de la photo.",
        "es": "El color no es el de la foto.",
        "ar": "اللون ليس كما في الصورة."},
    1: {"en": "Arrived chipped and the shop was slow to answer.",
        "fr": "Arrivé ébréché, et la boutique a mis du temps à répondre.",
        "es": "Llegó desportillado y la tienda tardó en responder.",
        "ar": "وصلت مكسورة والمتجر تأخر في الرد."},
}  # fmt: skip
PENDING_PRODUCTS = [
    # slug, shop slug, category slug, titles (ar, fr, en), price
    ("demo-pending-tagine-safi", "fakhar-safi", "tagines",
     ("طاجين للطبخ مزخرف", "Tajine de cuisson peint à la main", "Hand-painted cooking tagine"),
     "420.00"),
    ("demo-pending-azilal-rug", "tifawin-azilal", "azilal-rugs",
     ("زربية أزيلال ملونة", "Tapis d'Azilal multicolore", "Colourful Azilal rug"), "3200.00"),
    ("demo-pending-fes-bowl", "bleu-de-fes", "plates-bowls",
     ("زلافة فاسية زرقاء", "Bol bleu de Fès", "Blue Fez bowl"), "180.00"),
]  # fmt: skip


def _q(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _buyers() -> list[User]:
    users = []
    for n, (name, country, lang) in enumerate(BUYERS, start=1):
        user, created = User.objects.get_or_create(
            email=f"buyer-{n:02d}@demo.souk.test",
            defaults={"display_name": name, "country": country, "language": lang},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


# Ten good reviews in every eleven (90.9 %), the odd one out rotating through 3, 2 and 1 stars.
RATING_CYCLE = [5, 5, 4, 5, 5, 4, 5, 5, 5, 4]
LOW_RATINGS = [3, 2, 3, 1]
# Target share of sales value per top-level category (the article's export mix).
CATEGORY_SHARE = {"pottery": 36, "carpets": 20, "clothing": 13}
OTHER_SHARE = 31


def _rating(k: int) -> int:
    if k % 11 == 10:
        return LOW_RATINGS[(k // 11) % len(LOW_RATINGS)]
    return RATING_CYCLE[k % 11]


def _country_deck(rng: random.Random) -> list[str]:
    """Exactly the weighted number of each destination per 100 orders, shuffled."""
    deck = [code for code, weight in COUNTRIES for _ in range(weight)]
    rng.shuffle(deck)
    return deck


def _product_weights(products) -> list[float]:
    """Pick weights so each category's expected share of sales value meets its target."""
    groups: dict[str, list] = {}
    for p in products:
        top = p.category.parent.slug if p.category.parent_id else p.category.slug
        groups.setdefault(top, []).append(p)
    others = [g for g in groups if g not in CATEGORY_SHARE]
    weights = {}
    for top, members in groups.items():
        share = CATEGORY_SHARE.get(top, OTHER_SHARE / max(1, len(others)))
        mean_price = sum(float(p.price) for p in members) / len(members) or 1.0
        for p in members:
            weights[p.pk] = share / mean_price / len(members)
    return [weights[p.pk] for p in products]


def seed_demo_orders(*, now=None) -> dict:
    """Create the demo orders, reviews and moderation queue items (idempotent)."""
    now = now or timezone.now()
    with transaction.atomic():
        made = _orders(now)
        _pending_shop()
        _pending_products()
    _ledger()
    return {"orders": made}


def _ledger() -> None:
    """Book the delivered demo orders in the ledger and group what is due into payouts."""
    from django.conf import settings

    from payments.models import LedgerEntry
    from payments.services import ledger_record_delivery, payouts_create_due

    hold = timedelta(days=getattr(settings, "PAYOUT_HOLD_DAYS", 14))
    delivered = ShopOrder.objects.filter(
        status=ShopOrderStatus.DELIVERED, order__email__endswith="souk.test"
    ).values_list("pk", "delivered_at")
    for shop_order_id, delivered_at in delivered:
        ledger_record_delivery(shop_order_id=shop_order_id)
        # The demo's deliveries happened in the past: their money is due as it would be.
        LedgerEntry.objects.filter(shop_order_id=shop_order_id, payout__isnull=True).update(
            available_at=delivered_at + hold
        )
    payouts_create_due()


def _orders(now) -> int:
    rng = random.Random(4400)
    buyers = _buyers()
    by_country: dict[str, list[User]] = {}
    for user in buyers:
        by_country.setdefault(user.country, []).append(user)
    products = list(
        Product.objects.filter(status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED)
        .select_related("shop", "category__parent")
        .order_by("pk")
    )
    if not products:
        return 0
    product_weights = _product_weights(products)
    deck = _country_deck(rng) + _country_deck(rng)
    reviews_written = 0
    existing = set(
        Order.objects.filter(idempotency_key__startswith="demo-order-").values_list(
            "idempotency_key", flat=True
        )
    )
    touched: set[int] = set()
    made = 0
    for i in range(1, ORDERS + 1):
        # Draw everything first, so the sequence is the same whether or not the order exists.
        country = deck[i - 1]
        product = rng.choices(products, product_weights)[0]
        quantity = rng.choice([1, 1, 1, 2])
        age_days = rng.uniform(3, 360)
        fate = rng.random()
        ship_days = rng.uniform(0.5, 6)
        transit_days = rng.uniform(4, 14)
        guest = rng.random() < 0.3
        writes = rng.random() < 0.75
        lang_pick = rng.random()
        key = f"demo-order-{i:03d}"
        if key in existing:
            continue
        buyer = None if guest else rng.choice(by_country.get(country) or [None])
        variant = Variant.objects.filter(product=product, is_active=True).order_by("pk").first()
        if variant is None:
            continue
        currency = CURRENCY.get(country, "EUR")
        rate = RATES[currency]
        zone = zone_for_country(country)
        shipping_rate = ShippingRate.objects.filter(shop=product.shop, zone=zone).first()
        shipping = shipping_rate.cost(quantity) if shipping_rate else Decimal("0.00")
        subtotal = _q(variant.price * quantity)
        total_mad = subtotal + shipping
        created = now - timedelta(days=age_days)
        paid = created + timedelta(minutes=12)
        shipped = paid + timedelta(days=ship_days)
        delivered = shipped + timedelta(days=transit_days)
        if fate < 0.06:
            status = ShopOrderStatus.CANCELLED
        elif delivered <= now and fate < 0.93:
            status = ShopOrderStatus.DELIVERED
        elif shipped <= now:
            status = ShopOrderStatus.SHIPPED
        else:
            status = ShopOrderStatus.ACCEPTED
        name = buyer.display_name if buyer else "Guest Buyer"
        order = Order.objects.create(
            idempotency_key=key,
            number=f"SK-DEMO-{i:04d}",
            buyer=buyer,
            email=buyer.email if buyer else f"guest-{i:03d}@demo.souk.test",
            language=buyer.language if buyer else "en",
            ship_name=name,
            ship_line1=f"{i} Demo Street",
            ship_city=CITIES[country],
            ship_country=country,
            shipping_zone=zone,
            currency=currency,
            exchange_rate=rate,
            subtotal_mad=subtotal,
            shipping_mad=shipping,
            total_mad=total_mad,
            total=_q(total_mad * rate),
            status=derive_order_status([status]),
            paid_at=paid,
        )
        shop_order = ShopOrder.objects.create(
            order=order,
            shop=product.shop,
            status=status,
            subtotal_mad=subtotal,
            shipping_mad=shipping,
            total_mad=total_mad,
            total=_q(total_mad * rate),
            commission_rate=product.shop.commission_rate,
            paid_at=paid,
            accepted_at=paid + timedelta(hours=6),
            shipped_at=shipped
            if status in (ShopOrderStatus.SHIPPED, ShopOrderStatus.DELIVERED)
            else None,
            delivered_at=delivered if status == ShopOrderStatus.DELIVERED else None,
            cancelled_at=paid + timedelta(days=1) if status == ShopOrderStatus.CANCELLED else None,
            carrier="Amana" if country == "MA" else "Poste Maroc EMS",
            tracking_number=f"EE{i:07d}MA",
        )
        line = OrderLine.objects.create(
            shop_order=shop_order,
            variant=variant,
            product=product,
            title=product.title_en,
            sku=variant.sku,
            options=variant.options,
            unit_price_mad=variant.price,
            quantity=quantity,
            line_total_mad=subtotal,
        )
        # auto_now_add fields take the real time; put them back in the past.
        Order.objects.filter(pk=order.pk).update(created_at=created, updated_at=paid)
        ShopOrder.objects.filter(pk=shop_order.pk).update(created_at=created)
        if status == ShopOrderStatus.DELIVERED and buyer is not None and writes:
            rating = _rating(reviews_written)
            reviews_written += 1
            lang = buyer.language if lang_pick < 0.8 else "en"
            review = Review.objects.create(
                order_line=line,
                product=product,
                shop=product.shop,
                buyer=buyer,
                author_name=f"{buyer.display_name.split(' ')[0]}, {country}",
                rating=rating,
                text=REVIEW_TEXTS[rating][lang],
                language=lang,
                # Older reviews were already read by a moderator; the last weeks' wait in the queue.
                checked_at=None if age_days < 30 else delivered + timedelta(days=3),
            )
            Review.objects.filter(pk=review.pk).update(created_at=delivered + timedelta(days=2))
            touched.add(product.pk)
        made += 1
    for pk in sorted(touched):
        product_rating_refresh(product_id=pk)
    return made


def _pending_shop() -> None:
    """One shop application waiting for verification."""
    user, created = User.objects.get_or_create(
        email="applicant@souk.test",
        defaults={"display_name": "Hassan Ait Lahcen", "language": "ar", "country": "MA"},
    )
    if created:
        from . import demo_data

        user.set_password(demo_data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    artisan, _ = Artisan.objects.get_or_create(
        slug="hassan-ait-lahcen",
        defaults={
            "name": "Hassan Ait Lahcen",
            "craft": "leather",
            "region": "fes-meknes",
            "city": "Fès",
            "user": user,
            "registry_number": "RNA-20250417",
            "story": "Tanneur à Chouara depuis trente ans, je fabrique babouches et sacs.",
        },
    )
    Shop.objects.get_or_create(
        slug="dar-jeld-fes",
        defaults={
            "name": "Dar Jeld Fès",
            "artisan": artisan,
            "tagline": "Babouches et sacs de la tannerie Chouara",
            "story": "Cuir tanné à la chaux et aux pigments naturels, cousu main.",
            "region": "fes-meknes",
            "city": "Fès",
            "status": Shop.Status.PENDING,
        },
    )


def _pending_products() -> None:
    """A few products waiting for review, with a photo each."""
    for slug, shop_slug, category_slug, (ar, fr, en), price in PENDING_PRODUCTS:
        shop = Shop.objects.filter(slug=shop_slug).first()
        category = Category.objects.filter(slug=category_slug).first()
        if shop is None or category is None:
            continue
        product, created = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "shop": shop,
                "category": category,
                "title_ar": ar,
                "title_fr": fr,
                "title_en": en,
                "description_fr": f"{fr}. Pièce faite main, nouvelle dans la boutique.",
                "description_en": f"{en}. Handmade, new in the shop.",
                "region": shop.region,
                "status": Product.Status.PENDING_REVIEW,
            },
        )
        if not created:
            continue
        Variant.objects.create(
            product=product,
            shop=shop,
            sku=f"NEW-{slug[-12:].upper()}",
            price=Decimal(price),
            stock=3,
        )
        product_refresh_summary(product_id=product.pk)
        craft = "carpets" if "rug" in slug else "pottery"
        data = draw_product_image(craft, shop_slug, seed=zlib_seed(slug))
        image = ProductImage(
            product=product,
            position=0,
            width=SIZE,
            height=SIZE,
            renditions=build_renditions(io.BytesIO(data)),
            alt_text=en,
        )
        image.original.save(f"{slug}-0.jpg", ContentFile(data), save=False)
        image.save()


def zlib_seed(text: str) -> int:
    return zlib.crc32(text.encode()) % 100000

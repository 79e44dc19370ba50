"""Demo orders, deliveries and reviews, so the analytics page and the moderator queues show life.

Every order is placed, paid, accepted, shipped, delivered or cancelled through the orders
services, exactly as a buyer and a shop would (stock, totals, the ledger and the e-mails all come
from there); only the history is then moved into the past, since those services stamp "now".
Destinations are weighted like the export figures (United States 44 %, France 14 %, Spain 7 %,
Morocco and others the rest) and about 91 % of reviews are rated 4–5, as in the article.
Idempotent: every order has a fixed key and is skipped when it already exists.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from artisans.models import Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.core.models import OutboxEmail
from marketplace.orders import services as orders
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderEvent, ShopOrder
from marketplace.orders.status import ShopOrderStatus
from marketplace.reviews.models import Review
from marketplace.reviews.services import review_create
from marketplace.shipping.carriers import s10_number
from payments.models import LedgerEntry
from payments.services import payouts_create_due

ORDERS = 180
COUNTRIES = [("US", 44), ("FR", 14), ("ES", 7), ("MA", 20), ("GB", 4), ("DE", 4), ("CA", 3),
             ("BE", 2), ("NL", 2)]  # fmt: skip
CURRENCY = {"US": "USD", "CA": "USD", "MA": "MAD"}
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


def seed(*, now=None) -> None:
    """Place, pay and fulfil the demo orders, write their reviews, book the ledger (idempotent)."""
    now = now or timezone.now()
    first_new_email = OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _orders(now)
    _ledger()
    # The demo's orders happened in the past: their e-mails went out then, not at the next start.
    OutboxEmail.objects.filter(pk__gt=first_new_email, sent_at__isnull=True).update(sent_at=now)


def _ledger() -> None:
    """Make the delivered demo orders' money due as it would be by now, then group payouts."""
    hold = timedelta(days=settings.PAYOUT_HOLD_DAYS)
    delivered = ShopOrder.objects.filter(
        status=ShopOrderStatus.DELIVERED, order__idempotency_key__startswith="demo-order-"
    ).values_list("pk", "delivered_at")
    for shop_order_id, delivered_at in delivered:
        LedgerEntry.objects.filter(shop_order_id=shop_order_id, payout__isnull=True).update(
            available_at=delivered_at + hold
        )
    payouts_create_due()
    _held_payout()


def _held_payout() -> None:
    """[hardening] One shop changes its RIB while a payout is due: the payout waits for staff.

    Shows off the hold (admin → Payouts, "Held for review", and its release actions) and the
    e-mail the shop's people get, made through the real service.
    """
    from artisans.rib import rib_key
    from artisans.services import shop_payout_update
    from payments.models import Payout

    payout = Payout.objects.filter(status=Payout.Status.PENDING).order_by("pk").first()
    if payout is None:
        return
    shop = payout.shop
    first22 = ("01178" + f"{shop.pk:017d}")[:22]
    owner = shop.artisan.user if shop.artisan_id else None
    shop_payout_update(
        shop_id=shop.pk, actor=owner, holder=shop.payout_holder, rib=first22 + rib_key(first22)
    )


def _address(i: int, name: str, country: str) -> dict:
    return {"name": name, "line1": f"{i} Demo Street", "city": CITIES[country], "country": country}


def _backdate(order: Order, shop_order: ShopOrder, *, created, paid, shipped, delivered) -> None:
    """Move what the services stamped "now" to when the demo says it happened."""
    Order.objects.filter(pk=order.pk).update(
        created_at=created, updated_at=paid, paid_at=paid if order.paid_at else None
    )
    stamps = {"created_at": created}
    for field, when in (
        ("paid_at", paid),
        ("accepted_at", paid + timedelta(hours=6)),
        ("shipped_at", shipped),
        ("delivered_at", delivered),
        ("cancelled_at", created + timedelta(days=1)),
    ):
        if getattr(shop_order, field) is not None:
            stamps[field] = when
    ShopOrder.objects.filter(pk=shop_order.pk).update(**stamps)
    when = {
        ShopOrderStatus.PAID: paid,
        ShopOrderStatus.ACCEPTED: stamps.get("accepted_at"),
        ShopOrderStatus.SHIPPED: shipped,
        ShopOrderStatus.DELIVERED: delivered,
        ShopOrderStatus.CANCELLED: stamps.get("cancelled_at"),
    }
    for event in OrderEvent.objects.filter(order=order):
        at = paid if event.kind == "payment" else when.get(event.to_status) or created
        OrderEvent.objects.filter(pk=event.pk).update(created_at=at)


def _orders(now) -> int:
    rng = random.Random(4400)
    buyers = _buyers()
    by_country: dict[str, list[User]] = {}
    for user in buyers:
        by_country.setdefault(user.country, []).append(user)
    products = list(
        Product.objects.filter(status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED)
        .select_related("shop__artisan__user", "category__parent")
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
        variant = (
            product.variants.filter(is_active=True, stock__gte=quantity).order_by("pk").first()
        )
        if variant is None:
            continue  # sold out by earlier demo orders
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
        cart = orders.cart_get_or_create(user=buyer, session_key=None if buyer else f"demo{i:03d}")
        try:
            orders.cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
            order = orders.order_place(
                cart=cart,
                email=buyer.email if buyer else f"guest-{i:03d}@demo.souk.test",
                address=_address(i, name, country),
                currency=CURRENCY.get(country, "EUR"),
                buyer=buyer,
                language=buyer.language if buyer else "en",
                start_payment=False,
            )
        except OrderError:
            continue
        Order.objects.filter(pk=order.pk).update(idempotency_key=key, number=f"SK-DEMO-{i:04d}")
        shop_order = order.shop_orders.all()[0]
        seller = product.shop.artisan.user if product.shop.artisan_id else None
        if status == ShopOrderStatus.CANCELLED:
            # The buyer changed their mind before paying: the stock goes back.
            orders.shop_order_cancel(
                shop_order_id=shop_order.pk, actor=buyer, reason="changed my mind", by_buyer=True
            )
        else:
            orders.order_mark_paid(order_id=order.pk)
            orders.shop_order_accept(shop_order_id=shop_order.pk, actor=seller)
            if status in (ShopOrderStatus.SHIPPED, ShopOrderStatus.DELIVERED):
                orders.shop_order_ship(
                    shop_order_id=shop_order.pk,
                    actor=seller,
                    carrier="amana",
                    tracking_number=s10_number("EE" if country == "MA" else "CP", 4100 + i),
                )
            if status == ShopOrderStatus.DELIVERED:
                orders.shop_order_deliver(shop_order_id=shop_order.pk)
        order.refresh_from_db()
        shop_order.refresh_from_db()
        review = None
        if status == ShopOrderStatus.DELIVERED and buyer is not None and writes:
            rating = _rating(reviews_written)
            reviews_written += 1
            lang = buyer.language if lang_pick < 0.8 else "en"
            review = review_create(
                order_line_id=shop_order.lines.values_list("pk", flat=True)[0],
                buyer=buyer,
                rating=rating,
                text=REVIEW_TEXTS[rating][lang],
            )
        with transaction.atomic():
            _backdate(
                order, shop_order, created=created, paid=paid, shipped=shipped, delivered=delivered
            )
            if review is not None:
                # Older reviews were already read by a moderator; the last weeks' wait in the queue.
                Review.objects.filter(pk=review.pk).update(
                    created_at=delivered + timedelta(days=2),
                    checked_at=None if age_days < 30 else delivered + timedelta(days=3),
                )
        made += 1
    return made

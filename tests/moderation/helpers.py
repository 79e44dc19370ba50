"""Shared set-up for the trust tests: a moderator, a seller with a shop, delivered lines."""

from decimal import Decimal

from django.utils import timezone

from marketplace.accounts.services import user_make_moderator
from marketplace.orders.status import ShopOrderStatus
from tests.factories import ArtisanFactory, ProductFactory, ShopFactory, UserFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory


def make_moderator(**kw):
    return user_make_moderator(user=UserFactory(**kw))


def make_seller_shop(*, language="ar", status="verified"):
    seller = UserFactory(language=language)
    shop = ShopFactory(artisan=ArtisanFactory(user=seller), status=status)
    return seller, shop


def make_pending_product(shop, **kw):
    return ProductFactory(shop=shop, status="pending_review", published_at=None, **kw)


def make_line(
    *,
    buyer=None,
    shop=None,
    product=None,
    status=ShopOrderStatus.DELIVERED,
    country="US",
    amount="250.00",
    quantity=1,
    paid_at=None,
    shipped_at=None,
    delivered_at=None,
):
    """One order with one shop order and one line, in the given status."""
    now = timezone.now()
    order = OrderFactory(buyer=buyer, ship_country=country)
    shop = shop or (product.shop if product else ShopFactory())
    amount = Decimal(amount)
    so = ShopOrderFactory(
        order=order,
        shop=shop,
        status=status,
        subtotal_mad=amount * quantity,
        total_mad=amount * quantity + Decimal("50"),
        total=amount * quantity + Decimal("50"),
        paid_at=paid_at or (now if status != ShopOrderStatus.PENDING_PAYMENT else None),
        shipped_at=shipped_at,
        delivered_at=delivered_at or (now if status == ShopOrderStatus.DELIVERED else None),
    )
    extra = {"variant__product": product} if product else {}
    return OrderLineFactory(
        shop_order=so,
        unit_price_mad=amount,
        quantity=quantity,
        line_total_mad=amount * quantity,
        **extra,
    )

"""Orders for a piece priced by the shop rather than picked from the catalogue (quotes).

A commissioned piece (marketplace/conversations) is paid in two ordinary orders, each with one
shop order, one line and one Payment: the deposit, then the balance that ships the piece. So
every guarantee of an order holds for them unchanged: one payment per order, the webhook's
amount check, refunds capped per shop order, the ledger credited per shop order.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from artisans.models import Shop
from marketplace.core.money import convert_from_mad

from ..countries import zone_for_country
from ..errors import OrderError, OrderErrorCode
from ..models import Order, OrderEvent, OrderKind, OrderLine, ShopOrder
from .checkout_input import _clean_address


def order_address_clean(*, address: dict) -> dict:
    """Check a shipping address as checkout does; answer the order's ship_* fields."""
    return _clean_address(address)


def order_place_custom(
    *,
    buyer,
    shop: Shop,
    kind: str,
    title: str,
    amount_mad: Decimal,
    shipping_mad: Decimal,
    currency: str,
    rate: Decimal,
    ship: dict,
    language: str,
    product_id: int | None = None,
    email: str = "",
) -> Order:
    """Create an order of one custom line from `shop`, awaiting payment, at a locked rate.

    `ship` holds the order's ship_* fields (order_address_clean); `amount_mad` is the line,
    `shipping_mad` what shipping adds. Runs in the caller's transaction when there is one.
    """
    if kind not in OrderKind.values or kind == OrderKind.PURCHASE:
        raise ValueError(f"not a custom order kind: {kind}")
    if currency not in settings.CURRENCIES:
        raise OrderError(OrderErrorCode.INVALID_CURRENCY, fields={"currency": ["invalid"]})
    if amount_mad <= 0 or shipping_mad < 0:
        raise ValueError("a custom order needs a positive amount")
    zone = zone_for_country(ship["ship_country"])
    total_mad = amount_mad + shipping_mad
    total = convert_from_mad(total_mad, currency, rate)
    with transaction.atomic():
        order = Order.objects.create(
            buyer=buyer,
            email=(email or buyer.email).lower(),
            language=language if language in dict(settings.LANGUAGES) else "fr",
            shipping_zone=zone,
            currency=currency,
            exchange_rate=rate,
            subtotal_mad=amount_mad,
            shipping_mad=shipping_mad,
            total_mad=total_mad,
            total=total,
            kind=kind,
            **ship,
        )
        shop_order = ShopOrder.objects.create(
            order=order,
            shop=shop,
            subtotal_mad=amount_mad,
            shipping_mad=shipping_mad,
            total_mad=total_mad,
            total=total,
            commission_rate=shop.commission_rate,
        )
        OrderLine.objects.create(
            shop_order=shop_order,
            product_id=product_id,
            title=title[:200],
            sku="",
            unit_price_mad=amount_mad,
            quantity=1,
            line_total_mad=amount_mad,
        )
        OrderEvent.objects.create(order=order, actor=buyer, kind="placed", to_status=order.status)
    return order

"""Placing an order: one transaction that locks, checks, decrements and copies, then payment."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation

from artisans.models import ShippingRate
from marketplace.catalogue.models import Variant
from marketplace.core.money import convert_from_mad
from marketplace.core.selectors import exchange_rate

from ..countries import zone_for_country
from ..errors import OrderError, OrderErrorCode
from ..models import Cart, CartLine, Order, OrderEvent, OrderLine, ShopOrder
from .cart import variant_is_sellable
from .fulfilment import _payments_service, _refresh_products_on_commit

_ADDRESS_FIELDS = {
    "name": ("ship_name", 120, True),
    "line1": ("ship_line1", 200, True),
    "line2": ("ship_line2", 200, False),
    "city": ("ship_city", 100, True),
    "postal_code": ("ship_postal_code", 20, False),
    "country": ("ship_country", 2, True),
    "phone": ("ship_phone", 30, False),
}


class _PricesChanged(Exception):
    def __init__(self, prices: dict[int, Decimal]):
        self.prices = prices


def _clean_address(address: dict) -> dict:
    cleaned, missing = {}, []
    for key, (field, max_length, required) in _ADDRESS_FIELDS.items():
        value = str(address.get(key) or "").strip()
        if (required and not value) or len(value) > max_length:
            missing.append(key)
        cleaned[field] = value
    cleaned["ship_country"] = cleaned["ship_country"].upper()
    if zone_for_country(cleaned["ship_country"]) is None:
        missing.append("country")
    if missing:
        raise OrderError(
            OrderErrorCode.INVALID_ADDRESS, fields={k: ["invalid"] for k in sorted(set(missing))}
        )
    return cleaned


def _scoped_key(cart: Cart, key: str | None) -> str | None:
    """Scope a client's idempotency key to its cart: one buyer's key never finds another's order."""
    if not key:
        return None
    return hashlib.sha256(f"{cart.pk}:{key}".encode()).hexdigest()


def order_place(
    *,
    cart: Cart,
    email: str,
    address: dict,
    currency: str,
    buyer=None,
    language: str = "fr",
    idempotency_key: str | None = None,
) -> Order:
    """Turn a cart into an order split per shop, awaiting payment; the same key gives one order."""
    if currency not in settings.CURRENCIES:
        raise OrderError(OrderErrorCode.INVALID_CURRENCY, fields={"currency": ["invalid"]})
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise OrderError(OrderErrorCode.INVALID_ADDRESS, fields={"email": ["invalid"]}) from None
    ship = _clean_address(address)
    zone = zone_for_country(ship["ship_country"])
    key = _scoped_key(cart, idempotency_key)
    if key and (existing := Order.objects.filter(idempotency_key=key).first()):
        return existing
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    rate = exchange_rate(currency)
    try:
        with transaction.atomic():
            order = _place_locked(
                cart=cart, email=email, ship=ship, zone=zone, currency=currency, rate=rate,
                buyer=buyer, language=language, key=key,
            )  # fmt: skip
    except IntegrityError:
        # The same checkout committed in parallel: answer with that order.
        if key and (existing := Order.objects.filter(idempotency_key=key).first()):
            return existing
        raise
    except _PricesChanged as changed:
        for line_id, price in changed.prices.items():
            CartLine.objects.filter(pk=line_id).update(price_seen=price)
        raise OrderError(OrderErrorCode.PRICE_CHANGED) from None
    payment_start = _payments_service("payment_start")
    if payment_start is not None and getattr(settings, "ORDERS_START_PAYMENT", True):
        transaction.on_commit(lambda: payment_start(order_id=order.pk), robust=True)
    return order


def _place_locked(*, cart, email, ship, zone, currency, rate, buyer, language, key) -> Order:
    lines = list(CartLine.objects.filter(cart=cart).order_by("pk"))
    if not lines:
        raise OrderError(OrderErrorCode.EMPTY_CART)
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        wanted[line.variant_id] += line.quantity  # two lines of one variant count together
    variants = {
        v.pk: v
        # Lock only the variants (of=self), in pk order: crossed carts never deadlock.
        for v in Variant.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(wanted))
        .order_by("pk")
        .select_related("product__shop")
    }
    with translation.override(language):
        for line in lines:
            variant = variants.get(line.variant_id)
            if variant is None or not variant_is_sellable(variant):
                raise OrderError(
                    OrderErrorCode.NOT_AVAILABLE, fields={f"line-{line.pk}": ["not_available"]}
                )
            if variant.stock < wanted[variant.pk]:
                raise OrderError(
                    OrderErrorCode.OUT_OF_STOCK,
                    available=variant.stock,
                    title=variant.product.title,
                    fields={f"line-{line.pk}": ["out_of_stock"]},
                )
        changed = {
            line.pk: variants[line.variant_id].price
            for line in lines
            if line.price_seen != variants[line.variant_id].price
        }
        if changed:
            raise _PricesChanged(changed)
        by_shop: dict[int, list[CartLine]] = defaultdict(list)
        for line in lines:
            by_shop[variants[line.variant_id].shop_id].append(line)
        rates = {r.shop_id: r for r in ShippingRate.objects.filter(shop_id__in=by_shop, zone=zone)}
        for shop_id in by_shop:
            if shop_id not in rates:
                shop = variants[by_shop[shop_id][0].variant_id].product.shop
                raise OrderError(OrderErrorCode.NO_SHIPPING, shop=shop.name)

        order = Order.objects.create(
            buyer=buyer if getattr(buyer, "pk", None) else None,
            email=email,
            language=language,
            shipping_zone=zone,
            currency=currency,
            exchange_rate=rate,
            idempotency_key=key,
            **ship,
        )
        for shop_id in sorted(by_shop):
            shop_lines = by_shop[shop_id]
            shop = variants[shop_lines[0].variant_id].product.shop
            subtotal = sum(
                (variants[ln.variant_id].price * ln.quantity for ln in shop_lines), Decimal("0")
            )
            shipping = rates[shop_id].cost(sum(ln.quantity for ln in shop_lines))
            shop_order = ShopOrder.objects.create(
                order=order,
                shop=shop,
                subtotal_mad=subtotal,
                shipping_mad=shipping,
                total_mad=subtotal + shipping,
                total=convert_from_mad(subtotal + shipping, currency, rate),
                commission_rate=shop.commission_rate,
            )
            OrderLine.objects.bulk_create(
                OrderLine(
                    shop_order=shop_order,
                    variant=variants[ln.variant_id],
                    product=variants[ln.variant_id].product,
                    title=variants[ln.variant_id].product.title[:200],
                    sku=variants[ln.variant_id].sku,
                    options=variants[ln.variant_id].options,
                    unit_price_mad=variants[ln.variant_id].price,
                    quantity=ln.quantity,
                    line_total_mad=variants[ln.variant_id].price * ln.quantity,
                )
                for ln in shop_lines
            )
    for variant_id, quantity in wanted.items():
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") - quantity)
    shop_orders = list(ShopOrder.objects.filter(order=order))
    order.subtotal_mad = sum((so.subtotal_mad for so in shop_orders), Decimal("0"))
    order.shipping_mad = sum((so.shipping_mad for so in shop_orders), Decimal("0"))
    order.total_mad = order.subtotal_mad + order.shipping_mad
    order.total = sum((so.total for so in shop_orders), Decimal("0"))
    order.save(update_fields=["subtotal_mad", "shipping_mad", "total_mad", "total"])
    OrderEvent.objects.create(order=order, actor=order.buyer, kind="placed", to_status=order.status)
    CartLine.objects.filter(pk__in=[ln.pk for ln in lines]).delete()
    _refresh_products_on_commit({v.product_id for v in variants.values()})
    return order

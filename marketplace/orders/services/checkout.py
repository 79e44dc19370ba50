"""Placing an order: one transaction that locks, checks, decrements and copies, then payment."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Case, F, When
from django.utils import translation

from marketplace.catalogue.freshness import stock_changing
from marketplace.catalogue.models import Variant
from marketplace.core.money import convert_from_mad
from marketplace.core.selectors import exchange_rate
from marketplace.core.transactions import db_timeouts
from marketplace.shipping.selectors import ParcelForEstimate, QuoteLine, import_estimate
from marketplace.shipping.selectors import shipping_quotes as shop_shipping_quotes

from .. import hooks
from ..countries import zone_for_country
from ..errors import OrderError, OrderErrorCode
from ..methods import CheckoutContext
from ..models import Cart, CartLine, Order, OrderEvent, OrderLine, ShopOrder
from ..selectors import variant_is_sellable
from .checkout_input import (
    _clean_address,
    _fingerprint,
    _order_for_key,
    _replayed,
    _scoped_key,
    payment_method_get,
)
from .transitions import _refresh_products_on_commit


class _PricesChanged(Exception):
    def __init__(self, prices: dict[int, Decimal]):
        self.prices = prices
        self.lines: list[dict] = []


def order_place(
    *,
    cart: Cart,
    email: str,
    address: dict,
    currency: str,
    buyer=None,
    language: str = "fr",
    idempotency_key: str | None = None,
    start_payment: bool = True,
    payment_method: str = "card",
) -> Order:
    """Turn a cart into an order split per shop, awaiting payment; the same key gives one order.

    The order comes back with its parts and lines loaded (`order.shop_orders.all()`,
    `shop_order.lines.all()` need no query). A 409 OrderError carries `lines`: the cart lines
    that stopped it. A card order gets its Payment in the same transaction and its
    PaymentIntent from a task after commit (payments); `start_payment=False` leaves both to
    the caller.
    `payment_method` names a method registered in orders.methods ("card", "cod"): it must
    offer to pay this checkout, or nothing is ordered.
    """
    method = payment_method_get(payment_method)
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
    fingerprint = (
        _fingerprint(email=email, ship=ship, currency=currency, method=method.code) if key else ""
    )
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    rate = exchange_rate(currency)
    try:
        # Bounded lock waits: a variant held by another checkout answers 503, not a hang.
        with transaction.atomic(), db_timeouts():
            order = _place_locked(
                cart=cart, email=email, ship=ship, zone=zone, currency=currency, rate=rate,
                buyer=buyer, language=language, key=key, fingerprint=fingerprint, method=method,
            )  # fmt: skip
            if (
                method.code == "card"
                and start_payment
                and getattr(settings, "ORDERS_START_PAYMENT", True)
            ):
                # The Payment commits with the order; its PaymentIntent, a call to the
                # provider, is made by a task after commit, never while the buyer waits.
                hooks.payment_start_for_checkout(order=order, just_placed=True)
    except (IntegrityError, OrderError, _PricesChanged) as exc:
        # A checkout sent again with its key answers the order it placed, whatever the cart
        # holds now (emptied by that order, or refilled since), if it asks for the same thing.
        # Looking only after a failure spares the common first attempt a query: its insert
        # would collide on the key anyway.
        if key and (existing := _order_for_key(key)):
            return _replayed(existing, fingerprint)
        if isinstance(exc, _PricesChanged):
            for line_id, price in exc.prices.items():
                CartLine.objects.filter(pk=line_id).update(price_seen=price)
            error = OrderError(OrderErrorCode.PRICE_CHANGED)
            error.lines = exc.lines
            raise error from None
        raise
    return order


def _problems(lines, variants, wanted) -> list[dict]:
    """Return the lines that stop a checkout, each with its problem (the API's 409 `lines`)."""
    out = []
    for line in lines:
        variant = variants.get(line.variant_id)
        if variant is None or not variant_is_sellable(variant):
            problem = "not_available"
        elif variant.stock < wanted[variant.pk]:
            problem = "out_of_stock"
        elif line.price_seen != variant.price:
            problem = "price_changed"
        else:
            continue
        out.append(
            {
                "id": line.pk,
                "variant": line.variant_id,
                "title": variant.product.title if variant else "",
                "quantity": line.quantity,
                "available": max(variant.stock, 0) if variant else 0,
                "problem": problem,
            }
        )
    return out


def _refused(code, problems, **params) -> OrderError:
    error = OrderError(code, **params)
    error.lines = problems
    return error


def _seed_prefetch(instance, related_name: str, objects: list) -> None:
    """Remember objects just created as `instance.<related_name>.all()`, as prefetch does."""
    queryset = getattr(instance, related_name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        related_name: queryset,
    }


def _method_fees(method, *, shop_orders, ship, currency, buyer, language) -> dict:
    """Ask the method whether it pays this checkout; answer its fee per shop or refuse."""
    context = CheckoutContext(
        shop_ids=[so.shop_id for so in shop_orders],
        country=ship["ship_country"],
        currency=currency,
        total_mad=sum((so.total_mad for so in shop_orders), Decimal("0")),
        phone=ship["ship_phone"],
        buyer_id=getattr(buyer, "pk", None),
    )
    with translation.override(language):
        offer = method.offer(context)
        if not offer.available:
            raise OrderError(
                OrderErrorCode.PAYMENT_METHOD_UNAVAILABLE,
                reason=" ".join(str(r) for r in offer.reasons),
                fields={"payment_method": [str(r) for r in offer.reasons] or ["unavailable"]},
            )
    return offer.fees


def _place_locked(
    *, cart, email, ship, zone, currency, rate, buyer, language, key, fingerprint, method
) -> Order:
    # The lines and their variants in one statement that locks only the variants, in variant
    # pk order (crossed carts never deadlock); a variant changed meanwhile is read as committed.
    lines = sorted(
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product__shop")
        .select_for_update(of=("variant",))
        .order_by("variant_id", "pk"),
        key=lambda line: line.pk,
    )
    if not lines:
        raise _refused(OrderErrorCode.EMPTY_CART, [])
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        wanted[line.variant_id] += line.quantity  # two lines of one variant count together
    variants = {line.variant_id: line.variant for line in lines}
    problems = _problems(lines, variants, wanted)
    stopping = [p for p in problems if p["problem"] != "price_changed"]
    if stopping:
        # Named after the first line that cannot be had, in the buyer's language.
        first = stopping[0]
        fields = {f"line-{first['id']}": [first["problem"]]}
        with translation.override(language):
            if first["problem"] == "not_available":
                raise _refused(OrderErrorCode.NOT_AVAILABLE, problems, fields=fields)
            variant = variants[first["variant"]]
            raise _refused(
                OrderErrorCode.OUT_OF_STOCK,
                problems,
                available=variant.stock,
                title=variant.product.title,
                fields=fields,
            )
    if problems:
        changed = _PricesChanged({p["id"]: variants[p["variant"]].price for p in problems})
        changed.lines = problems
        raise changed
    by_shop: dict[int, list[CartLine]] = defaultdict(list)
    for line in lines:
        by_shop[variants[line.variant_id].shop_id].append(line)
    quotes = shop_shipping_quotes(
        zone=zone,
        parcels={
            shop_id: [
                QuoteLine(
                    quantity=ln.quantity,
                    unit_price_mad=variants[ln.variant_id].price,
                    weight_grams=variants[ln.variant_id].product.weight_grams,
                )
                for ln in shop_lines
            ]
            for shop_id, shop_lines in by_shop.items()
        },
    )
    for shop_id in sorted(by_shop):
        quote = quotes[shop_id]
        if quote.ships:
            continue
        shop = variants[by_shop[shop_id][0].variant_id].product.shop
        with translation.override(language):
            if quote.refused == "too_heavy":
                raise _refused(
                    OrderErrorCode.TOO_HEAVY,
                    [],
                    shop=shop.name,
                    kg=f"{quote.weight_grams / 1000:.1f}",
                    max_kg=f"{quote.max_grams / 1000:.1f}",
                )
            raise _refused(OrderErrorCode.NO_SHIPPING, [], shop=shop.name)

    # Every amount is known before the first write: one INSERT per table, no UPDATE after.
    shop_orders, lines_by_shop = [], {}
    for shop_id in sorted(by_shop):
        shop_lines = by_shop[shop_id]
        shop = variants[shop_lines[0].variant_id].product.shop
        subtotal = sum(
            (variants[ln.variant_id].price * ln.quantity for ln in shop_lines), Decimal("0")
        )
        shipping = quotes[shop_id].amount_mad
        shop_orders.append(
            ShopOrder(
                shop=shop,
                subtotal_mad=subtotal,
                shipping_mad=shipping,
                total_mad=subtotal + shipping,
                total=convert_from_mad(subtotal + shipping, currency, rate),
                commission_rate=shop.commission_rate,
            )
        )
        lines_by_shop[shop_id] = shop_lines
    fees = _method_fees(
        method, shop_orders=shop_orders, ship=ship, currency=currency, buyer=buyer,
        language=language,
    )  # fmt: skip
    for shop_order in shop_orders:
        if fee := fees.get(shop_order.shop_id, Decimal("0")):
            shop_order.cod_fee_mad = fee
            shop_order.total_mad += fee
            shop_order.total = convert_from_mad(shop_order.total_mad, currency, rate)
    estimate = import_estimate(
        country=ship["ship_country"],
        currency=currency,
        rate=rate,
        parcels=[
            ParcelForEstimate(
                lines=[
                    (ln.variant_id, variants[ln.variant_id].price * ln.quantity)
                    for ln in lines_by_shop[so.shop_id]
                ],
                shipping_mad=so.shipping_mad,
                carriers=quotes[so.shop_id].carriers,
            )
            for so in shop_orders
        ],
    )
    subtotal_mad = sum((so.subtotal_mad for so in shop_orders), Decimal("0"))
    shipping_mad = sum((so.shipping_mad for so in shop_orders), Decimal("0"))
    fee_mad = sum((so.cod_fee_mad for so in shop_orders), Decimal("0"))
    order = Order.objects.create(
        buyer=buyer if getattr(buyer, "pk", None) else None,
        email=email,
        language=language,
        shipping_zone=zone,
        currency=currency,
        exchange_rate=rate,
        idempotency_key=key,
        idempotency_fingerprint=fingerprint,
        subtotal_mad=subtotal_mad,
        shipping_mad=shipping_mad,
        total_mad=subtotal_mad + shipping_mad + fee_mad,
        total=sum((so.total for so in shop_orders), Decimal("0")),
        payment_method=method.code,
        import_estimate=estimate.as_dict() if estimate else {},
        **ship,
    )
    for shop_order in shop_orders:
        shop_order.order = order
    ShopOrder.objects.bulk_create(shop_orders)
    order_lines = {}
    with translation.override(language):  # titles are copied in the buyer's language
        for shop_order in shop_orders:
            order_lines[shop_order.shop_id] = [
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
                for ln in lines_by_shop[shop_order.shop_id]
            ]
    OrderLine.objects.bulk_create([ln for group in order_lines.values() for ln in group])
    # Only the pieces' stock is stamped (their buy box), and their page where a variant sells
    # out: cards and listings keep (marketplace/catalogue/freshness.py).
    with stock_changing(
        {
            pk: (v.product_id, v.stock, v.stock - wanted[pk])
            for pk, v in variants.items()
            if pk in wanted
        }
    ):
        Variant.objects.filter(pk__in=wanted).update(
            stock=Case(
                *(When(pk=pk, then=F("stock") - n) for pk, n in wanted.items()),
                default=F("stock"),
            )
        )
    OrderEvent.objects.create(order=order, actor=order.buyer, kind="placed", to_status=order.status)
    CartLine.objects.filter(pk__in=[ln.pk for ln in lines]).delete()
    # A product's summary (lowest price, in stock) only changes when a variant sells out.
    _refresh_products_on_commit(
        {v.product_id for v in variants.values() if v.stock - wanted[v.pk] <= 0}
    )
    for shop_order in shop_orders:
        _seed_prefetch(shop_order, "lines", order_lines[shop_order.shop_id])
    _seed_prefetch(order, "shop_orders", shop_orders)
    method.placed(order=order)
    return order

"""Reads for carts and orders: the priced cart, a buyer's orders, an order's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Sum

from artisans.models import ShippingRate, Shop
from marketplace.core.models import OutboxEmail
from marketplace.core.money import convert_from_mad
from marketplace.core.selectors import exchange_rate
from marketplace.shipping.selectors import (
    ParcelForEstimate,
    QuoteLine,
    ShopQuote,
    import_estimate,
    shipping_quotes,
)

from .models import Cart, CartLine, Order, OrderEvent, OrderLine, ShopOrder
from .services.cart import variant_is_sellable

ZERO = Decimal("0.00")


@dataclass
class PricedLine:
    line: CartLine
    unit_price_mad: Decimal
    line_total_mad: Decimal
    unavailable: bool = False
    short_of_stock: bool = False
    price_changed: bool = False

    @property
    def problem(self) -> bool:
        return self.unavailable or self.short_of_stock


@dataclass
class ShopGroup:
    shop: Shop
    lines: list[PricedLine] = field(default_factory=list)
    pieces: int = 0
    subtotal_mad: Decimal = ZERO
    shipping_mad: Decimal | None = ZERO
    rate: ShippingRate | None = None
    quote: ShopQuote | None = None

    @property
    def total_mad(self) -> Decimal:
        return self.subtotal_mad + (self.shipping_mad or ZERO)

    @property
    def ships(self) -> bool:
        return self.shipping_mad is not None


@dataclass
class PricedCart:
    cart: Cart | None
    zone: str
    currency: str
    rate: Decimal
    groups: list[ShopGroup]
    country: str = ""
    estimate: object = None  # marketplace.shipping ImportEstimate, for US/EU/UK addresses

    @property
    def count(self) -> int:
        return sum(g.pieces for g in self.groups)

    @property
    def subtotal_mad(self) -> Decimal:
        return sum((g.subtotal_mad for g in self.groups), ZERO)

    @property
    def shipping_mad(self) -> Decimal:
        return sum((g.shipping_mad or ZERO for g in self.groups), ZERO)

    @property
    def total_mad(self) -> Decimal:
        return self.subtotal_mad + self.shipping_mad

    @property
    def total(self) -> Decimal:
        """The grand total in the buyer's currency: each shop's total rounded once, summed."""
        return sum(
            (convert_from_mad(g.total_mad, self.currency, self.rate) for g in self.groups), ZERO
        )

    @property
    def lines(self) -> list[PricedLine]:
        return [pl for g in self.groups for pl in g.lines]

    @property
    def has_problems(self) -> bool:
        return any(pl.problem for pl in self.lines) or any(not g.ships for g in self.groups)

    @property
    def price_changed(self) -> bool:
        return any(pl.price_changed for pl in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.groups


def cart_for(*, user=None, session_key: str | None = None) -> Cart | None:
    """Return the buyer's or the session's cart, without creating one."""
    if user is not None and user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    if session_key:
        return Cart.objects.filter(session_key=session_key).first()
    return None


def cart_count(*, user=None, session_key: str | None = None) -> int:
    """Return how many pieces are in the cart, in one query."""
    if user is not None and user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=user)
    elif session_key:
        lines = CartLine.objects.filter(cart__session_key=session_key)
    else:
        return 0
    return lines.aggregate(n=Sum("quantity"))["n"] or 0


def cart_priced(*, cart: Cart | None, zone: str, currency: str, country: str = "") -> PricedCart:
    """Price a cart from the database: lines grouped by shop, shipping to the zone, totals.

    With a `country`, the import charges a buyer there would pay on delivery are estimated.
    """
    rate = exchange_rate(currency)
    if cart is None:
        return PricedCart(cart=None, zone=zone, currency=currency, rate=rate, groups=[])
    lines = list(
        cart.lines.select_related("variant__product__shop", "variant__product__maker")
        .prefetch_related("variant__product__images")
        .order_by("pk")
    )
    groups: dict[int, ShopGroup] = {}
    for line in lines:
        variant = line.variant
        shop = variant.product.shop
        group = groups.setdefault(shop.pk, ShopGroup(shop=shop))
        priced = PricedLine(
            line=line,
            unit_price_mad=variant.price,
            line_total_mad=variant.price * line.quantity,
            unavailable=not variant_is_sellable(variant),
            short_of_stock=line.quantity > variant.stock,
            price_changed=line.price_seen != variant.price,
        )
        group.lines.append(priced)
        group.pieces += line.quantity
        group.subtotal_mad += priced.line_total_mad
    quotes = shipping_quotes(
        zone=zone,
        parcels={
            shop_id: [
                QuoteLine(
                    quantity=pl.line.quantity,
                    unit_price_mad=pl.unit_price_mad,
                    weight_grams=pl.line.variant.product.weight_grams,
                )
                for pl in group.lines
            ]
            for shop_id, group in groups.items()
        },
    )
    for shop_id, group in groups.items():
        group.quote = quotes[shop_id]
        group.rate = group.quote.rate
        group.shipping_mad = group.quote.amount_mad
    priced = PricedCart(
        cart=cart,
        zone=zone,
        currency=currency,
        rate=rate,
        groups=list(groups.values()),
        country=country,
    )
    if country and not priced.has_problems:
        priced.estimate = import_estimate(
            country=country,
            currency=currency,
            rate=rate,
            parcels=[
                ParcelForEstimate(
                    lines=[(pl.line.variant_id, pl.line_total_mad) for pl in g.lines],
                    shipping_mad=g.shipping_mad,
                    carriers=g.quote.carriers,
                )
                for g in priced.groups
            ],
        )
    return priced


def orders_for_buyer(*, user):
    """Return a buyer's orders, newest first, with their shop parts."""
    return (
        Order.objects.filter(buyer=user)
        .prefetch_related(Prefetch("shop_orders", ShopOrder.objects.select_related("shop")))
        .order_by("-created_at")
    )


def _with_parts(orders):
    return orders.prefetch_related(
        Prefetch(
            "shop_orders",
            ShopOrder.objects.select_related("shop").prefetch_related(
                Prefetch("lines", OrderLine.objects.order_by("pk"))
            ),
        )
    )


def order_by_number(*, number: str) -> Order | None:
    """Return an order with its shop parts and lines, or None."""
    return _with_parts(Order.objects.filter(number=number)).first()


def order_by_checkout_key(*, key: str) -> Order | None:
    """Return the order a checkout placed under this (scoped) idempotency key, with its parts."""
    return _with_parts(Order.objects.filter(idempotency_key=key)).first()


@dataclass
class TimelineEntry:
    at: object
    kind: str
    shop_order_id: int | None
    from_status: str = ""
    to_status: str = ""
    note: str = ""
    actor: object = None
    email_to: str = ""
    email_subject: str = ""
    email_sent: bool = False


def order_timeline(*, order: Order, emails_to: str | None = None) -> list[TimelineEntry]:
    """Return the order's events and its e-mails (queued or sent), oldest first."""
    entries = [
        TimelineEntry(
            at=e.created_at,
            kind=e.kind,
            shop_order_id=e.shop_order_id,
            from_status=e.from_status,
            to_status=e.to_status,
            note=e.note,
            actor=e.actor,
        )
        for e in OrderEvent.objects.filter(order=order).select_related("actor")
    ]
    mails = OutboxEmail.objects.filter(key__startswith=f"order:{order.number}:")
    if emails_to is not None:
        mails = mails.filter(to_email__iexact=emails_to)
    for mail in mails:
        entries.append(
            TimelineEntry(
                at=mail.sent_at or mail.created_at,
                kind="email",
                shop_order_id=None,
                email_to=mail.to_email,
                email_subject=mail.subject,
                email_sent=mail.sent_at is not None,
            )
        )
    return sorted(entries, key=lambda e: e.at)


def unpaid_timeout_minutes() -> int:
    """Return how long an unpaid order keeps its pieces, in minutes."""
    return int(settings.UNPAID_ORDER_TIMEOUT.total_seconds() // 60)


def orders_for_numbers(*, numbers: list[str]):
    """Return the orders with these numbers (a guest's orders in this browser), newest first."""
    return (
        Order.objects.filter(number__in=numbers)
        .prefetch_related(Prefetch("shop_orders", ShopOrder.objects.select_related("shop")))
        .order_by("-created_at")
    )

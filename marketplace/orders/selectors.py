"""Reads for carts and orders: the priced cart, a buyer's orders, an order's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Sum

from artisans.models import ShippingRate, Shop
from marketplace.catalogue.models import Product, Variant
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

ZERO = Decimal("0.00")


def variant_is_sellable(variant: Variant) -> bool:
    """Tell whether a variant can be bought now (active, published, shop verified)."""
    product = variant.product
    return (
        variant.is_active
        and product.status == Product.Status.PUBLISHED
        and product.shop.status == Shop.Status.VERIFIED
    )


def variant_has_order_lines(variant_id: int) -> bool:
    """Tell whether any order line points at this variant (so it must not be deleted)."""
    return OrderLine.objects.filter(variant_id=variant_id).exists()


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


def cart_priced(
    *, cart: Cart | None, zone: str, currency: str, country: str = "", photos: bool = True
) -> PricedCart:
    """Price a cart from the database: lines grouped by shop, shipping to the zone, totals.

    With a `country`, the import charges a buyer there would pay on delivery are estimated.
    `photos=False`: the products' photos are not read (the API's cart shows none).
    """
    rate = exchange_rate(currency)
    if cart is None:
        return PricedCart(cart=None, zone=zone, currency=currency, rate=rate, groups=[])
    lines = cart.lines.select_related("variant__product__shop", "variant__product__maker")
    if photos:
        lines = lines.prefetch_related("variant__product__images")
    lines = list(lines.order_by("pk"))
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


def checkout_offers(*, priced: PricedCart, country: str, phone: str | None, buyer_id):
    """Answer each payment method's offer for a priced cart (card first), for the page."""
    from .methods import CheckoutContext, payment_method_offers

    if priced.is_empty:
        return []
    context = CheckoutContext(
        shop_ids=[g.shop.pk for g in priced.groups],
        country=country,
        currency=priced.currency,
        total_mad=priced.total_mad,
        phone=phone,
        buyer_id=buyer_id,
    )
    return payment_method_offers(context)


def shop_order_consignment(*, shop_order_id: int):
    """Describe a shop order's parcel for customs (marketplace.shipping), or None if domestic.

    Values are declared in the order's currency at the rate locked at checkout; the freight
    is what is left of the shop order's total, so the papers add up to what the buyer paid.
    """
    from django.utils import timezone

    from marketplace.core.selectors import exchange_rates
    from marketplace.shipping.documents.consignment import Consignment, Item, Party
    from marketplace.shipping.documents.script import transliterate
    from marketplace.shipping.selectors import customs_for_variants

    shop_order = (
        ShopOrder.objects.select_related("order", "shop__artisan", "shop__cooperative")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product")))
        .filter(pk=shop_order_id)
        .first()
    )
    if shop_order is None or shop_order.order.ship_country == "MA":
        return None
    order, shop = shop_order.order, shop_order.shop
    lines = list(shop_order.lines.all())
    customs = customs_for_variants([ln.variant_id for ln in lines if ln.variant_id])
    currency, rate = order.currency, order.exchange_rate
    items, gross = [], 0
    for line in lines:
        found = customs.get(line.variant_id)
        product = line.product
        latin = " / ".join(
            dict.fromkeys(t for t in (product.title_fr, product.title_en) if t)
        ) if product else ""  # fmt: skip
        items.append(
            Item(
                title=line.title,
                latin=latin or transliterate(line.title),
                hs_code=found.hs_code if found else "",
                origin=found.origin_country if found else "MA",
                quantity=line.quantity,
                net_weight_grams=found.net_weight_grams if found else 0,
                value=convert_from_mad(line.line_total_mad, currency, rate),
            )
        )
        packed = (product.weight_grams if product else 0) or (
            found.net_weight_grams if found else 0
        )
        gross += packed * line.quantity
    goods = sum((i.value for i in items), ZERO)
    rates = exchange_rates()
    usd_per_unit = rates["USD"] / rates[currency]
    owner = shop.owner
    return Consignment(
        shop_id=shop.pk,
        shop_order_id=shop_order.pk,
        invoice_number=f"{order.number}-{shop_order.pk}",
        order_number=order.number,
        issued_on=timezone.localdate(),
        currency=currency,
        sender=Party(
            name=shop.name,
            address_lines=[str(owner) if owner and str(owner) != shop.name else "", shop.city],
            country="MA",
        ),
        addressee=Party(
            name=order.ship_name,
            address_lines=[
                order.ship_line1,
                order.ship_line2,
                f"{order.ship_postal_code} {order.ship_city}".strip(),
            ],
            country=order.ship_country,
            phone=order.ship_phone,
            email=order.email,
        ),
        items=items,
        shipping=max(shop_order.total - goods, ZERO),
        gross_weight_grams=max(gross, sum(i.net_weight_total for i in items)),
        usd_per_unit=usd_per_unit,
    )

"""Quotes: the shop offers to make a piece; the buyer accepts (a deposit order) or declines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from artisans.models import ShippingRate, Shop
from marketplace.core.money import quantize
from marketplace.core.selectors import exchange_rate
from marketplace.orders.countries import zone_for_country
from marketplace.orders.models import OrderKind
from marketplace.orders.services import order_address_clean, order_place_custom

from ..errors import ConversationError, ConversationErrorCode
from ..models import Commission, Conversation, Message, Quote, Side
from ..selectors import quote_for
from .common import shown_text
from .messages import message_post_locked, sending_access

MAX_PRICE = Decimal("1000000")
MAX_VALID_DAYS = 60


def _invalid(field: str, reason: str = "invalid") -> ConversationError:
    return ConversationError(ConversationErrorCode.QUOTE_INVALID, fields={field: [reason]})


def _clean_quote(
    *, description, dimensions, colours, price_mad, lead_time_days, deposit_percent, valid_days
) -> dict:
    description = str(description or "").replace("\x00", "").strip()
    if not description:
        raise _invalid("description", "required")
    if len(description) > 2000:
        raise _invalid("description", "too long")
    dimensions = str(dimensions or "").replace("\x00", "").strip()
    colours = str(colours or "").replace("\x00", "").strip()
    if len(dimensions) > 120:
        raise _invalid("dimensions", "too long")
    if len(colours) > 200:
        raise _invalid("colours", "too long")
    try:
        price = quantize(Decimal(str(price_mad)), "MAD")
    except (InvalidOperation, ValueError, TypeError):
        raise _invalid("price_mad") from None
    if not price.is_finite() or price <= 0 or price > MAX_PRICE:
        raise _invalid("price_mad")
    for field, value, low, high in (
        ("lead_time_days", lead_time_days, 1, 365),
        ("deposit_percent", deposit_percent, 10, 90),
        ("valid_days", valid_days, 1, MAX_VALID_DAYS),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _invalid(field)
    return {
        "description": description,
        "dimensions": dimensions,
        "colours": colours,
        "price_mad": price,
        "lead_time_days": lead_time_days,
        "deposit_percent": deposit_percent,
    }


def quote_create(
    *,
    conversation_id: int,
    actor,
    description: str,
    price_mad,
    lead_time_days: int,
    deposit_percent: int,
    valid_days: int = 14,
    dimensions: str = "",
    colours: str = "",
    now=None,
) -> Quote:
    """Send the buyer a quote from the shop (its order-handling members only)."""
    now = now or timezone.now()
    data = _clean_quote(
        description=description,
        dimensions=dimensions,
        colours=colours,
        price_mad=price_mad,
        lead_time_days=lead_time_days,
        deposit_percent=deposit_percent,
        valid_days=valid_days,
    )
    access = sending_access(user=actor, conversation_id=conversation_id)
    if access.side != Side.SHOP:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        # Contact details are masked in a quote's words as in any message.
        for field in ("description", "dimensions", "colours"):
            data[field] = shown_text(conversation, data[field])[0]
        quote = Quote.objects.create(
            conversation=conversation,
            shop_id=conversation.shop_id,
            created_by=actor,
            expires_at=now + timedelta(days=valid_days),
            **data,
        )
        message_post_locked(
            conversation,
            sender=actor,
            side=Side.SHOP,
            kind=Message.Kind.QUOTE,
            text=data["description"],
            quote=quote,
            now=now,
        )
    return quote


def _quote_close(*, quote_id: int, actor, side: str, status: str) -> Quote:
    quote, access = quote_for(user=actor, quote_id=quote_id)
    if access.side != side:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if quote.status != Quote.Status.OPEN:
            raise ConversationError(ConversationErrorCode.QUOTE_NOT_OPEN)
        quote.status = status
        quote.save(update_fields=["status", "updated_at"])
    return quote


def quote_withdraw(*, quote_id: int, actor) -> Quote:
    """The shop takes back an open quote."""
    return _quote_close(quote_id=quote_id, actor=actor, side=Side.SHOP, status="withdrawn")


def quote_decline(*, quote_id: int, actor) -> Quote:
    """The buyer turns down an open quote."""
    return _quote_close(quote_id=quote_id, actor=actor, side=Side.BUYER, status="declined")


def quote_prices(quote: Quote) -> dict:
    """Return the quote's price split: deposit and balance in MAD (deposit rounded once)."""
    deposit = quantize(quote.price_mad * quote.deposit_percent / Decimal(100), "MAD")
    return {"price": quote.price_mad, "deposit": deposit, "balance": quote.price_mad - deposit}


def quote_accept(*, quote_id: int, buyer, address: dict, currency: str, now=None) -> Commission:
    """Accept a quote: one commission and its deposit order, whatever runs at the same time.

    The quote row is locked: a second acceptance (a double click, two devices) waits, then
    gets the same commission, so there is one deposit to pay. An expired or closed quote is
    refused. The rate of `currency` is locked for the deposit and the balance alike.
    """
    now = now or timezone.now()
    quote, access = quote_for(user=buyer, quote_id=quote_id)
    if access.side != Side.BUYER:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    ship = order_address_clean(address=address)
    shop = Shop.objects.get(pk=quote.shop_id)
    rate = ShippingRate.objects.filter(shop=shop, zone=zone_for_country(ship["ship_country"]))
    shipping = rate.first()
    if shipping is None:
        raise ConversationError(ConversationErrorCode.NO_SHIPPING, shop=shop.name)
    fx = exchange_rate(currency) if currency in settings.CURRENCIES else None
    if fx is None:
        raise ConversationError(
            ConversationErrorCode.QUOTE_INVALID, fields={"currency": ["invalid"]}
        )
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        live = Commission.objects.filter(quote=quote).exclude(status=Commission.Status.LAPSED)
        existing = live.first()
        if existing is not None:
            return existing
        if quote.status != Quote.Status.OPEN:
            raise ConversationError(ConversationErrorCode.QUOTE_NOT_OPEN)
        if quote.is_expired(now):
            raise ConversationError(ConversationErrorCode.QUOTE_EXPIRED)
        if shop.status != Shop.Status.VERIFIED:
            raise ConversationError(ConversationErrorCode.SHOP_UNAVAILABLE)
        conversation = Conversation.objects.select_for_update().get(pk=quote.conversation_id)
        prices = quote_prices(quote)
        title = quote.description.splitlines()[0][:150]
        deposit_order = order_place_custom(
            buyer=buyer,
            shop=shop,
            kind=OrderKind.DEPOSIT,
            title=f"{title} — {quote.deposit_percent} %",
            amount_mad=prices["deposit"],
            shipping_mad=Decimal("0.00"),
            currency=currency,
            rate=fx,
            ship=ship,
            language=getattr(buyer, "language", "") or "fr",
            product_id=conversation.product_id,
        )
        commission = Commission.objects.create(
            quote=quote,
            conversation=conversation,
            buyer=buyer,
            shop=shop,
            title=title,
            price_mad=prices["price"],
            deposit_mad=prices["deposit"],
            shipping_mad=shipping.cost(1),
            currency=currency,
            exchange_rate=fx,
            lead_time_days=quote.lead_time_days,
            deposit_order=deposit_order,
            ship=ship,
        )
        quote.status = Quote.Status.ACCEPTED
        quote.save(update_fields=["status", "updated_at"])
        message_post_locked(
            conversation,
            sender=None,
            side=Side.SYSTEM,
            kind=Message.Kind.EVENT,
            text="quote_accepted",
            quote=quote,
            commission=commission,
            now=now,
        )
    return commission


def quote_reopen_locked(quote: Quote) -> None:
    """Open an accepted quote again when its deposit was never paid (while it is valid)."""
    if quote.status == Quote.Status.ACCEPTED:
        quote.status = Quote.Status.OPEN
        quote.save(update_fields=["status", "updated_at"])

"""Conversations API: serializers, and the bodies the views answer (one shape each)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from marketplace.core.api import MoneySerializer
from marketplace.core.money import Money, convert_from_mad
from marketplace.core.selectors import exchange_rate
from marketplace.orders.api.serializers import (
    AddressSerializer,
)

from .. import display, selectors, services
from ..errors import ConversationError
from ..models import Commission, Conversation, Message, Quote, Side

TAG = ["conversations"]
SIDE_PARAM = OpenApiParameter(
    "as",
    str,
    enum=["buyer", "shop"],
    required=False,
    description="List as a buyer (default) or for the shops you handle orders for.",
)


def _money(amount, currency="MAD") -> dict:
    return Money(amount, currency).as_dict()


# --- serializers ---------------------------------------------------------------------------------


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The photo (only for the conversation's people).")
    thumb_url = serializers.CharField(help_text="A phone-sized JPEG copy.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class QuoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=["open", "accepted", "declined", "withdrawn", "expired"]
    )
    description = serializers.CharField()
    dimensions = serializers.CharField()
    colours = serializers.CharField()
    price = MoneySerializer(help_text="In MAD, as quoted.")
    price_shown = MoneySerializer(help_text="The price in the buyer's currency, at today's rate.")
    deposit_percent = serializers.IntegerField()
    deposit = MoneySerializer(help_text="In MAD.")
    balance = MoneySerializer(help_text="In MAD, shipping not included.")
    lead_time_days = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    side = serializers.ChoiceField(choices=Side.choices)
    sender_name = serializers.CharField(help_text="For a shop: the member who wrote.")
    kind = serializers.ChoiceField(choices=Message.Kind.choices)
    text = serializers.CharField(help_text="As shown: hidden contact details are named.")
    masked = serializers.BooleanField(help_text="Contact details were hidden in this message.")
    seen = serializers.BooleanField(
        allow_null=True, help_text="Read receipt for the caller's own messages (else null)."
    )
    photos = PhotoSerializer(many=True)
    quote = QuoteSerializer(allow_null=True)
    commission = serializers.IntegerField(allow_null=True)
    product = serializers.CharField(allow_null=True, help_text="The piece it is about (slug).")
    order = serializers.CharField(allow_null=True, help_text="The order it is about (number).")
    created_at = serializers.DateTimeField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = serializers.DictField(child=serializers.CharField(), help_text="slug and name")
    buyer_name = serializers.CharField()
    side = serializers.ChoiceField(choices=["buyer", "shop", "staff"])
    unread = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(allow_null=True)
    blocked = serializers.BooleanField(help_text="One side blocked the other.")
    blocked_by_me = serializers.BooleanField()
    contact_details_hidden = serializers.BooleanField(
        help_text="True until a first paid order between the two: contact details are masked."
    )


class CommissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    quote = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Commission.Status.choices)
    title = serializers.CharField()
    price = MoneySerializer(help_text="In MAD.")
    deposit = MoneySerializer(help_text="In MAD.")
    balance = MoneySerializer(help_text="In MAD, shipping not included.")
    shipping = MoneySerializer(help_text="In MAD, paid with the balance.")
    currency = serializers.CharField(help_text="The buyer's currency, its rate locked at accept.")
    deposit_order = serializers.CharField(help_text="Order number of the deposit.")
    balance_order = serializers.CharField(allow_null=True)
    amount_due = MoneySerializer(allow_null=True, help_text="What the buyer must pay now.")
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(help_text="The shop missed its lead time.")
    cancel_now = serializers.ChoiceField(
        choices=["refunded", "forfeited"],
        allow_null=True,
        help_text="What cancelling now would mean for the caller; null: not possible.",
    )
    outcome = serializers.CharField()
    created_at = serializers.DateTimeField()


# A message needs words or a photo: in a form, text (beyond spaces) or at least one photo.
WORDS_OR_PHOTO = {
    "anyOf": [
        {"required": ["text"], "properties": {"text": {"pattern": r"[^\s\u0000]"}}},
        {"required": ["photos"], "properties": {"photos": {"minItems": 1}}},
    ]
}


class ConversationStartSerializer(serializers.Serializer):
    shop = serializers.SlugField(max_length=140, help_text="The shop's slug.")
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(max_length=200, allow_empty_file=False),
        required=False,
        max_length=6,
        default=list,
    )
    product = serializers.SlugField(max_length=220, required=False, help_text="A piece's slug.")
    order = serializers.CharField(max_length=20, required=False, help_text="An order number.")

    class Meta:
        request_rules = WORDS_OR_PHOTO


class ConversationStartTextSerializer(serializers.Serializer):
    """A first message sent as JSON: words only (photos go in a multipart form)."""

    shop = serializers.SlugField(max_length=140, help_text="The shop's slug.")
    text = serializers.CharField(max_length=4000)
    product = serializers.SlugField(max_length=220, required=False, help_text="A piece's slug.")
    order = serializers.CharField(max_length=20, required=False, help_text="An order number.")


class MessageCreateSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required (beyond spaces) unless photos are sent.",
    )
    photos = serializers.ListField(
        child=serializers.FileField(max_length=200, allow_empty_file=False),
        required=False,
        max_length=6,
        default=list,
        help_text="JPEG, PNG or WebP; checked by content, cleaned of metadata.",
    )

    class Meta:
        request_rules = WORDS_OR_PHOTO


class MessageTextSerializer(serializers.Serializer):
    """A message sent as JSON: words only (photos go in a multipart form)."""

    text = serializers.CharField(max_length=4000)


class BlockSerializer(serializers.Serializer):
    blocked = serializers.BooleanField(default=True)


class ReadSerializer(serializers.Serializer):
    read_upto = serializers.IntegerField()


class QuoteCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    dimensions = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    colours = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    price_mad = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=1, max_value=1_000_000
    )
    lead_time_days = serializers.IntegerField(min_value=1, max_value=365)
    deposit_percent = serializers.IntegerField(min_value=10, max_value=90)
    valid_days = serializers.IntegerField(min_value=1, max_value=60, default=14)


class QuoteAcceptSerializer(serializers.Serializer):
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    shipping_address = AddressSerializer()


class CommissionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- data ----------------------------------------------------------------------------------------


def quote_data(quote: Quote, currency: str) -> dict:
    """Serialise a quote, its price also in the reader's currency."""
    prices = services.quote_prices(quote)
    return {
        "id": quote.pk,
        "conversation": quote.conversation_id,
        "status": quote.effective_status(),
        "description": display.plain(quote.description),
        "dimensions": display.plain(quote.dimensions),
        "colours": display.plain(quote.colours),
        "price": _money(quote.price_mad),
        "price_shown": _money(
            convert_from_mad(quote.price_mad, currency, exchange_rate(currency)), currency
        ),
        "deposit_percent": quote.deposit_percent,
        "deposit": _money(prices["deposit"]),
        "balance": _money(prices["balance"]),
        "lead_time_days": quote.lead_time_days,
        "expires_at": quote.expires_at,
    }


def _photo_urls(request, conversation_id: int, photo) -> dict:
    base = f"/api/v1/conversations/{conversation_id}/photos/{photo.pk}/"
    return {
        "id": photo.pk,
        "url": request.build_absolute_uri(base),
        "thumb_url": request.build_absolute_uri(base + "?size=thumb"),
        "width": photo.width,
        "height": photo.height,
    }


def message_data(request, message: Message, access, currency: str) -> dict:
    """Serialise a message as the caller sees it."""
    mine = message.side == access.side
    other_upto = access.conversation.read_upto(access.other_side) if not access.staff else 0
    text = (
        display.event_text(message.body)
        if message.kind == Message.Kind.EVENT
        else display.plain(message.shown)
    )
    return {
        "id": message.pk,
        "side": message.side,
        "sender_name": message.sender_name,
        "kind": message.kind,
        "text": text,
        "masked": message.masked,
        "seen": (other_upto >= message.pk) if mine else None,
        "photos": [_photo_urls(request, message.conversation_id, p) for p in message.photos.all()],
        "quote": quote_data(message.quote, currency) if message.quote_id else None,
        "commission": message.commission_id,
        "product": message.product.slug if message.product_id else None,
        "order": message.order.number if message.order_id else None,
        "created_at": message.created_at,
    }


def conversation_data(conversation: Conversation, side: str) -> dict:
    """Serialise a conversation for one of its sides (or staff)."""
    mine = f"blocked_by_{side}_at" if side in ("buyer", "shop") else None
    return {
        "id": conversation.pk,
        "shop": {"slug": conversation.shop.slug, "name": conversation.shop.name},
        "buyer_name": conversation.buyer.get_short_name(),
        "side": side,
        "unread": conversation.unread_for(side) if side in ("buyer", "shop") else 0,
        "last_message_at": conversation.last_message_at,
        "blocked": conversation.blocked,
        "blocked_by_me": bool(mine and getattr(conversation, mine)),
        "contact_details_hidden": not selectors.pair_has_paid_order(
            buyer_id=conversation.buyer_id, shop_id=conversation.shop_id
        ),
    }


def commission_data(commission: Commission, side: str) -> dict:
    """Serialise a commissioned piece for its buyer, its shop or staff."""
    try:
        payable = selectors.commission_payable_order(commission)
        due = _money(payable.total, payable.currency)
    except ConversationError:
        due = None
    terms = selectors.commission_cancel_terms(commission, side) if side != "staff" else None
    return {
        "id": commission.pk,
        "conversation": commission.conversation_id,
        "quote": commission.quote_id,
        "status": commission.status,
        "title": commission.title,
        "price": _money(commission.price_mad),
        "deposit": _money(commission.deposit_mad),
        "balance": _money(commission.balance_mad),
        "shipping": _money(commission.shipping_mad),
        "currency": commission.currency,
        "deposit_order": commission.deposit_order.number,
        "balance_order": commission.balance_order.number if commission.balance_order_id else None,
        "amount_due": due,
        "due_at": commission.due_at,
        "overdue": commission.overdue(),
        "cancel_now": terms or None,
        "outcome": commission.outcome,
        "created_at": commission.created_at,
    }


def _currency(request) -> str:
    wanted = getattr(request.user, "currency", "") or ""
    return wanted if wanted in settings.CURRENCIES else settings.BASE_CURRENCY


def _access(request, conversation_id: int):
    """The caller's access (404 for strangers); staff reading is written to the audit log."""
    access = selectors.conversation_access(user=request.user, conversation_id=conversation_id)
    if access.staff:
        services.conversation_staff_open(
            conversation_id=conversation_id, actor=request.user, reason="API"
        )
    return access


def _side(request) -> str:
    value = request.query_params.get("as", "buyer")
    return Side.SHOP if value == "shop" else Side.BUYER

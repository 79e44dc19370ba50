"""API: conversations, messages with photos, quotes, commissioned pieces, for buyers and shops.

Every object is answered only to its buyer, the shop's order-handling members and staff (whose
reading is audited); anyone else gets 404, the answer for an object that does not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.core.api import ErrorSerializer, MoneySerializer, Pagination, error_responses
from marketplace.core.money import Money, convert_from_mad
from marketplace.core.selectors import exchange_rate
from marketplace.orders.api.serializers import (
    AddressSerializer,
    CardSetupSerializer,
    PaymentSerializer,
    PayRequestSerializer,
    payment_data,
)

from . import display, selectors, services
from .errors import ConversationError, ConversationErrorCode
from .models import Commission, Conversation, Message, Quote, Side
from .photos import photo_response

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


class MessageCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(max_length=200, allow_empty_file=False),
        required=False,
        max_length=6,
        default=list,
        help_text="JPEG, PNG or WebP; checked by content, cleaned of metadata.",
    )


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
    from .services.common import pair_has_paid_order

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
        "contact_details_hidden": not pair_has_paid_order(
            buyer_id=conversation.buyer_id, shop_id=conversation.shop_id
        ),
    }


def commission_data(commission: Commission, side: str) -> dict:
    """Serialise a commissioned piece for its buyer, its shop or staff."""
    try:
        payable = services.commission_payable_order(commission)
        due = _money(payable.total, payable.currency)
    except ConversationError:
        due = None
    terms = services.commission_cancel_terms(commission, side) if side != "staff" else None
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


# --- views ---------------------------------------------------------------------------------------


class ConversationList(generics.GenericAPIView):
    """The caller's conversations (as a buyer, or for their shops); start one with a shop."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = ConversationSerializer
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_list",
        parameters=[SIDE_PARAM],
        responses=ConversationSerializer(many=True),
    )
    def get(self, request):
        side = _side(request)
        page = self.paginate_queryset(selectors.inbox(user=request.user, side=side))
        return self.get_paginated_response([conversation_data(c, side) for c in page])

    @extend_schema(
        tags=TAG,
        operation_id="conversations_create",
        request={
            "application/json": ConversationStartSerializer,
            "multipart/form-data": ConversationStartSerializer,
        },
        responses={201: MessageSerializer, **error_responses(409)},
        description="Start (or continue) the conversation with a shop, from a piece or an order.",
    )
    def post(self, request):
        data = ConversationStartSerializer(
            data={**_form(request), "photos": request.FILES.getlist("photos")}
        )
        data.is_valid(raise_exception=True)
        values = data.validated_data
        shop = get_object_or_404(Shop, slug=values["shop"])
        product_id = None
        if values.get("product"):
            product_id = get_object_or_404(Product, slug=values["product"], shop=shop).pk
        conversation, message = services.conversation_start(
            buyer=request.user,
            shop_id=shop.pk,
            text=values["text"],
            photos=values["photos"],
            product_id=product_id,
            order_number=values.get("order"),
        )
        access = selectors.conversation_access(user=request.user, conversation_id=conversation.pk)
        return Response(
            message_data(request, message, access, _currency(request)),
            status=status.HTTP_201_CREATED,
        )


def _form(request) -> dict:
    """The request's fields as plain values (multipart lists flattened, files left out)."""
    if hasattr(request.data, "getlist"):
        return {k: request.data.get(k) for k in request.data if k != "photos"}
    return {k: v for k, v in dict(request.data).items() if k != "photos"}


class ConversationDetail(APIView):
    """One conversation (404 unless you are its buyer, its shop or staff — audited)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG, operation_id="conversations_retrieve", responses=ConversationSerializer
    )
    def get(self, request, pk: int):
        access = _access(request, pk)
        return Response(conversation_data(access.conversation, access.side))


class MessageList(generics.GenericAPIView):
    """A conversation's messages (oldest first, paginated); send text and photos (multipart)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = MessageSerializer
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG, operation_id="conversations_messages_list", responses=MessageSerializer(many=True)
    )
    def get(self, request, pk: int):
        access = _access(request, pk)
        messages = selectors.conversation_messages(
            conversation=access.conversation, staff=access.staff
        )
        page = self.paginate_queryset(messages)
        currency = _currency(request)
        return self.get_paginated_response(
            [message_data(request, m, access, currency) for m in page]
        )

    @extend_schema(
        tags=TAG,
        operation_id="conversations_messages_create",
        request={
            "multipart/form-data": MessageCreateSerializer,
            "application/json": MessageCreateSerializer,
        },
        responses={201: MessageSerializer, **error_responses(409)},
        description="Contact details are masked until a first paid order between the two "
        "(the answer's `masked` says so); 429 when sending too fast.",
    )
    def post(self, request, pk: int):
        data = MessageCreateSerializer(
            data={**_form(request), "photos": request.FILES.getlist("photos")}
        )
        data.is_valid(raise_exception=True)
        message = services.message_send(
            conversation_id=pk,
            sender=request.user,
            text=data.validated_data["text"],
            photos=data.validated_data["photos"],
        )
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
        return Response(
            message_data(request, message, access, _currency(request)),
            status=status.HTTP_201_CREATED,
        )


class ConversationRead(APIView):
    """Mark the conversation read for your side (read receipts, unread counts)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG, operation_id="conversations_read", request=None, responses=ReadSerializer
    )
    def post(self, request, pk: int):
        upto = services.conversation_mark_read(conversation_id=pk, user=request.user)
        return Response({"read_upto": upto})


class ConversationBlock(APIView):
    """Block (or unblock) the other side of the conversation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_block",
        request=BlockSerializer,
        responses=ConversationSerializer,
    )
    def post(self, request, pk: int):
        data = BlockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = services.conversation_block(
            conversation_id=pk, user=request.user, blocked=data.validated_data["blocked"]
        )
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
        return Response(conversation_data(conversation, access.side))


class ConversationPhoto(APIView):
    """A photo of the conversation (only for its people and staff); `size=thumb` for a copy."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_photo",
        parameters=[OpenApiParameter("size", str, enum=["full", "thumb"], required=False)],
        responses={
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, pk: int, photo_id: int):
        photo, _access = selectors.message_photo_for(user=request.user, photo_id=photo_id)
        if photo.message.conversation_id != pk:
            return Response(
                {"code": "not_found", "message": "Not found.", "fields": {}}, status=404
            )
        return photo_response(photo, request.query_params.get("size", "full"))


class QuoteCreate(APIView):
    """The shop sends a quote in the conversation (order-handling members only)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="conversations_quotes_create",
        request=QuoteCreateSerializer,
        responses={201: QuoteSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        data = QuoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quote = services.quote_create(conversation_id=pk, actor=request.user, **data.validated_data)
        return Response(quote_data(quote, _currency(request)), status=status.HTTP_201_CREATED)


class QuoteDetail(APIView):
    """One quote (404 unless you take part in its conversation)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAG, operation_id="quotes_retrieve", responses=QuoteSerializer)
    def get(self, request, pk: int):
        quote, access = selectors.quote_for(user=request.user, quote_id=pk)
        if access.staff:
            _access(request, quote.conversation_id)
        return Response(quote_data(quote, _currency(request)))


class QuoteAccept(APIView):
    """The buyer accepts: a commission and its deposit to pay (the same one if sent twice)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="quotes_accept",
        request=QuoteAcceptSerializer,
        responses={201: CommissionSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        data = QuoteAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = services.quote_accept(
            quote_id=pk,
            buyer=request.user,
            address=dict(data.validated_data["shipping_address"]),
            currency=data.validated_data.get("currency") or _currency(request),
        )
        return Response(commission_data(commission, Side.BUYER), status=status.HTTP_201_CREATED)


def _action(name: str, doc: str, service, data, serializer, arg: str):
    """Make the view of one bodiless POST action: call the service, answer the object."""

    class Action(APIView):
        permission_classes = [permissions.IsAuthenticated]

        @extend_schema(
            tags=TAG,
            operation_id=name,
            request=None,
            responses={200: serializer, **error_responses(409)},
        )
        def post(self, request, pk: int):
            return Response(data(request, service(**{arg: pk}, actor=request.user)))

    Action.__name__ = Action.__qualname__ = "".join(p.title() for p in name.split("_"))
    Action.__doc__ = doc
    return Action


def _quote_answer(request, quote):
    return quote_data(quote, _currency(request))


def _shop_commission_answer(request, commission):
    return commission_data(commission, Side.SHOP)


QuoteDecline = _action(
    "quotes_decline", "The buyer declines an open quote.", services.quote_decline,
    _quote_answer, QuoteSerializer, "quote_id",
)  # fmt: skip
QuoteWithdraw = _action(
    "quotes_withdraw", "The shop withdraws an open quote.", services.quote_withdraw,
    _quote_answer, QuoteSerializer, "quote_id",
)  # fmt: skip
CommissionStart = _action(
    "commissions_start",
    "The shop starts the work (from now on the deposit is the shop's if the buyer cancels).",
    services.commission_start_work, _shop_commission_answer, CommissionSerializer,
    "commission_id",
)  # fmt: skip
CommissionReady = _action(
    "commissions_ready", "The shop says the piece is finished: the balance becomes payable.",
    services.commission_mark_ready, _shop_commission_answer, CommissionSerializer,
    "commission_id",
)  # fmt: skip


class CommissionList(generics.GenericAPIView):
    """Commissioned pieces: yours as a buyer (default) or your shops' ones."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    serializer_class = CommissionSerializer
    filter_backends = []

    @extend_schema(
        tags=TAG,
        operation_id="commissions_list",
        parameters=[SIDE_PARAM],
        responses=CommissionSerializer(many=True),
    )
    def get(self, request):
        side = _side(request)
        if side == Side.BUYER:
            qs = selectors.commissions_for_buyer(user=request.user)
        else:
            qs = Commission.objects.filter(
                shop_id__in=selectors.handled_shop_ids(request.user)
            ).order_by("-pk")
        qs = qs.select_related("deposit_order", "balance_order")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([commission_data(c, side) for c in page])


class CommissionDetail(APIView):
    """One commissioned piece: where it stands, what is due, what cancelling would mean."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAG, operation_id="commissions_retrieve", responses=CommissionSerializer)
    def get(self, request, pk: int):
        commission, access = selectors.commission_for(user=request.user, commission_id=pk)
        if access.staff:
            _access(request, commission.conversation_id)
        return Response(commission_data(commission, access.side))


def _buyer_commission(request, pk: int) -> Commission:
    commission, access = selectors.commission_for(user=request.user, commission_id=pk)
    if access.side != Side.BUYER:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    return commission


PAY_ERRORS = {
    402: OpenApiResponse(ErrorSerializer, description="The card was declined."),
    409: OpenApiResponse(ErrorSerializer, description="Nothing to pay now."),
    502: OpenApiResponse(ErrorSerializer, description="The payment service refused."),
    503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
}


class CommissionPaymentSetup(APIView):
    """A SetupIntent to collect the card (Stripe.js confirmCardSetup) for what is due now."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="commissions_payment_setup",
        request=None,
        responses={201: CardSetupSerializer, **PAY_ERRORS},
    )
    def post(self, request, pk: int):
        from payments import stripe_client

        services.commission_payable_order(_buyer_commission(request, pk))
        setup = stripe_client.setup_intent_create()
        return Response(
            {**setup, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY},
            status=status.HTTP_201_CREATED,
        )


class CommissionPayment(APIView):
    """Pay the deposit, then (once the piece is ready) the balance, by card; 3-D Secure as needed.

    The answer's `client_secret` completes 3-D Secure (confirmCardPayment) when `status` is
    `requires_action`; the part is marked paid only by Stripe's signed webhook.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="commissions_payment",
        request=PayRequestSerializer,
        responses={200: PaymentSerializer, **PAY_ERRORS},
    )
    def post(self, request, pk: int):
        from payments.services import payment_confirm

        data = PayRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.commission_payable_order(_buyer_commission(request, pk))
        payment = payment_confirm(
            order_id=order.pk, payment_method_id=data.validated_data["payment_method"]
        )
        return Response(payment_data(payment))


class CommissionProgress(APIView):
    """The shop posts a progress update with photos (the first one starts the work)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAG,
        operation_id="commissions_progress_create",
        request={
            "multipart/form-data": MessageCreateSerializer,
            "application/json": MessageCreateSerializer,
        },
        responses={201: MessageSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        data = MessageCreateSerializer(
            data={**_form(request), "photos": request.FILES.getlist("photos")}
        )
        data.is_valid(raise_exception=True)
        message = services.commission_post_progress(
            commission_id=pk,
            actor=request.user,
            text=data.validated_data["text"],
            photos=data.validated_data["photos"],
        )
        access = selectors.conversation_access(
            user=request.user, conversation_id=message.conversation_id
        )
        return Response(
            message_data(request, message, access, _currency(request)),
            status=status.HTTP_201_CREATED,
        )


class CommissionCancel(APIView):
    """Cancel, under the rules `cancel_now` states (refund in full, or deposit kept)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        operation_id="commissions_cancel",
        request=CommissionCancelSerializer,
        responses={200: CommissionSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        data = CommissionCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission, access = selectors.commission_for(user=request.user, commission_id=pk)
        commission = services.commission_cancel(
            commission_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(commission_data(commission, access.side))

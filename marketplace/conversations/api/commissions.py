"""Conversations API: quotes, and the commissioned pieces they turn into (paid, made, sent)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ErrorSerializer, Pagination, error_responses
from marketplace.orders.api.serializers import (
    CardSetupSerializer,
    PaymentSerializer,
    PayRequestSerializer,
    payment_data,
)

from .. import selectors, services
from ..errors import ConversationError, ConversationErrorCode
from ..models import Commission, Side
from .conversations import _form
from .serializers import (
    SIDE_PARAM,
    TAG,
    CommissionCancelSerializer,
    CommissionSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    MessageTextSerializer,
    QuoteAcceptSerializer,
    QuoteCreateSerializer,
    QuoteSerializer,
    _access,
    _currency,
    _side,
    commission_data,
    message_data,
    quote_data,
)


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

        selectors.commission_payable_order(_buyer_commission(request, pk))
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
        order = selectors.commission_payable_order(_buyer_commission(request, pk))
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
            "application/json": MessageTextSerializer,
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

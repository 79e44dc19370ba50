"""Payments API: paying a buyer's order by card, and confirming a cash-on-delivery order.

The paths live under the buyer's orders (`orders/{number}/payment/`), but the views are the
payments app's: orders sits below payments and never imports it (ARCHITECTURE.md).
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ErrorSerializer
from marketplace.notify.models import Channel
from marketplace.orders.api.serializers import (
    CardSetupSerializer,
    PaymentSerializer,
    PayRequestSerializer,
    _buyer_order,
    payment_data,
)
from marketplace.orders.models import Order

from . import stripe_client
from .services import cod_code_resend, cod_code_verify, payment_confirm, payment_start


class OrderPayment(APIView):
    """What the client needs to pay an order, and the server-side card confirmation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_retrieve",
        responses={
            200: PaymentSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The order is not payable."),
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def get(self, request, number: str):
        order = _buyer_order(request.user, number)
        return Response(payment_data(payment_start(order_id=order.pk)))

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_confirm",
        request=PayRequestSerializer,
        responses={
            200: PaymentSerializer,
            402: OpenApiResponse(ErrorSerializer, description="The card was declined."),
            409: OpenApiResponse(ErrorSerializer, description="The order is not payable."),
            502: OpenApiResponse(ErrorSerializer, description="The payment service refused."),
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def post(self, request, number: str):
        data = PayRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = _buyer_order(request.user, number)
        payment = payment_confirm(
            order_id=order.pk, payment_method_id=data.validated_data["payment_method"]
        )
        return Response(payment_data(payment))


class OrderPaymentSetup(APIView):
    """A SetupIntent for collecting a card with the publishable key (Stripe.js confirmCardSetup).

    Its payment method is then sent to `orders/{number}/payment/` (POST), which confirms the
    order's PaymentIntent on the server; the order is marked paid by Stripe's webhook only.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_setup",
        request=None,
        responses={
            201: CardSetupSerializer,
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def post(self, request, number: str):
        _buyer_order(request.user, number)
        setup = stripe_client.setup_intent_create()
        return Response(
            {**setup, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY},
            status=status.HTTP_201_CREATED,
        )


# --- Cash on delivery -----------------------------------------------------------------------


class CodCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text="The digits received by SMS/WhatsApp.")


class CodResendSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.SMS)


class CodStateSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    confirmed = serializers.BooleanField()


def _order(user, number: str) -> Order:
    order = Order.objects.filter(number=number, buyer=user, payment_method="cod").first()
    if order is None:
        raise NotFound("No such order.")  # another buyer's order is no order at all
    return order


_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Malformed code (counted as a try)."),
    404: OpenApiResponse(ErrorSerializer, description="No such cash-on-delivery order."),
    409: OpenApiResponse(ErrorSerializer, description="Already confirmed, or released."),
    429: OpenApiResponse(ErrorSerializer, description="Tries or codes used up; Retry-After."),
}


class CodConfirm(APIView):
    """Confirm a cash-on-delivery order with the code sent to the buyer's phone."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_cod_confirm",
        request=CodCodeSerializer,
        responses={200: CodStateSerializer, **_ERRORS},
    )
    def post(self, request, number: str):
        data = CodCodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = _order(request.user, number)
        order = cod_code_verify(
            order_id=order.pk, code=data.validated_data["code"], actor=request.user
        )
        return Response({"number": order.number, "status": order.status, "confirmed": True})


class CodResend(APIView):
    """Send a new code (SMS or WhatsApp), within the order's and the phone's limits."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_cod_resend",
        request=CodResendSerializer,
        responses={202: CodStateSerializer, **_ERRORS},
    )
    def post(self, request, number: str):
        data = CodResendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = _order(request.user, number)
        cod_code_resend(order_id=order.pk, channel=data.validated_data["channel"])
        return Response(
            {"number": order.number, "status": order.status, "confirmed": False}, status=202
        )

"""Payments API: what the client needs to pay a buyer's order, and the card confirmation.

The paths live under the buyer's orders (`orders/{number}/payment/`), but the views are the
payments app's: orders sits below payments and never imports it (ARCHITECTURE.md).
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ErrorSerializer
from marketplace.orders.api.serializers import (
    CardSetupSerializer,
    PaymentSerializer,
    PayRequestSerializer,
    _buyer_order,
    payment_data,
)

from . import stripe_client
from .services import payment_confirm, payment_start


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

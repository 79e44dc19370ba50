"""Buyer API of cash on delivery: send back the code received, or ask for a new one."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ErrorSerializer
from marketplace.notify.models import Channel
from marketplace.orders.models import Order

from .services import cod_code_resend, cod_code_verify


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

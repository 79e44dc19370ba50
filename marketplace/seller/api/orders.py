"""API for sellers: their shop's part of orders (accept, ship, cancel), balance and payouts."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import MoneySerializer, error_responses
from marketplace.core.private_files import private_file_response
from marketplace.orders import services as order_services
from marketplace.orders.api.serializers import ShippingAddressOutSerializer, shipping_address_data
from marketplace.orders.models import ShopOrder
from marketplace.orders.status import ShopOrderStatus
from marketplace.shipping.models import ShipmentDocument
from marketplace.shipping.selectors import documents_by_shop_order
from payments.selectors import shop_balance, shop_payouts

from .. import selectors
from .access import IsSeller, _mad, seller_shop

# --- Orders --------------------------------------------------------------------------------------


class SellerOrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    line_total = MoneySerializer()


class SellerOrderDocumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ShipmentDocument.Kind.choices)
    url = serializers.CharField(help_text="GET with the same credentials: the PDF.")
    updated_at = serializers.DateTimeField()


class SellerOrderSerializer(serializers.Serializer):
    """The shop's own part of an order (never the other shops' parts or payment details)."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=ShopOrderStatus.choices)
    created_at = serializers.DateTimeField()
    subtotal = MoneySerializer()
    shipping = MoneySerializer()
    total = MoneySerializer()
    commission_rate = serializers.CharField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    cancel_reason = serializers.CharField()
    ship_to = ShippingAddressOutSerializer()
    lines = SellerOrderLineSerializer(many=True)
    documents = SellerOrderDocumentSerializer(
        many=True, help_text="Customs papers (CN22/CN23, commercial invoice) for parcels abroad."
    )


def seller_order_data(shop_order: ShopOrder, documents: list | None = None) -> dict:
    """Serialise a shop's part of an order (`documents`: its customs papers, if already read)."""
    order = shop_order.order
    if documents is None:
        documents = documents_by_shop_order([shop_order.pk]).get(shop_order.pk, [])
    dt = serializers.DateTimeField()
    return {
        "number": order.number,
        "status": shop_order.status,
        "created_at": serializers.DateTimeField().to_representation(shop_order.created_at),
        "subtotal": _mad(shop_order.subtotal_mad),
        "shipping": _mad(shop_order.shipping_mad),
        "total": _mad(shop_order.total_mad),
        "commission_rate": f"{shop_order.commission_rate:.4f}",
        "carrier": shop_order.carrier,
        "tracking_number": shop_order.tracking_number,
        "cancel_reason": shop_order.cancel_reason,
        "ship_to": shipping_address_data(order),
        "lines": [
            {
                "id": line.pk,
                "title": line.title,
                "sku": line.sku,
                "options": {k: str(v) for k, v in (line.options or {}).items()},
                "quantity": line.quantity,
                "unit_price": _mad(line.unit_price_mad),
                "line_total": _mad(line.line_total_mad),
            }
            for line in shop_order.lines.all()
        ],
        "documents": [
            {
                "kind": d.kind,
                "url": reverse("api:seller_order_document", args=[order.number, d.kind]),
                "updated_at": dt.to_representation(d.updated_at),
            }
            for d in documents
        ],
    }


def own_shop_order(request, number: str) -> ShopOrder:
    """Return the caller's shop's part of order `number` (404 for any other)."""
    shop = seller_shop(request, "orders")
    try:
        return selectors.shop_order_for_seller(shop, number)
    except Http404:
        raise NotFound("No such order.") from None


class SellerOrderList(ListAPIView):
    """The shop's orders: new (paid) first, then in progress, then the rest."""

    permission_classes = [IsSeller]
    serializer_class = SellerOrderSerializer
    filter_backends = []

    def get_queryset(self):
        shop = seller_shop(self.request, "orders")
        return selectors.shop_orders(shop).prefetch_related("lines")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        documents = documents_by_shop_order([so.pk for so in page])
        return self.get_paginated_response(
            [seller_order_data(so, documents.get(so.pk, [])) for so in page]
        )

    @extend_schema(tags=["seller"], operation_id="seller_orders_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SellerOrderDetail(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"], operation_id="seller_orders_retrieve", responses=SellerOrderSerializer
    )
    def get(self, request, number: str):
        return Response(seller_order_data(own_shop_order(request, number)))


class SellerOrderDocument(APIView):
    """One customs document of the shop's part of an order, as a PDF (private file)."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_document",
        responses={(200, "application/pdf"): bytes, **error_responses(404)},
    )
    def get(self, request, number: str, kind: str):
        shop_order = own_shop_order(request, number)
        document = ShipmentDocument.objects.filter(shop_order_id=shop_order.pk, kind=kind).first()
        if document is None:
            raise NotFound("No such document.")
        return private_file_response(
            request,
            document.file,
            obj=document,
            content_type="application/pdf",
            download_name=f"{kind}-{number}.pdf",
        )


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=60)
    tracking_number = serializers.CharField(max_length=80)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


def _answer(request, number: str) -> Response:
    return Response(seller_order_data(own_shop_order(request, number)))


class SellerOrderAccept(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_accept",
        request=None,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        order_services.shop_order_accept(shop_order_id=shop_order.pk, actor=request.user)
        return _answer(request, number)


class SellerOrderShip(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_ship",
        request=ShipSerializer,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        data = ShipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_services.shop_order_ship(
            shop_order_id=shop_order.pk, actor=request.user, **data.validated_data
        )
        return _answer(request, number)


class SellerOrderCancel(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_cancel",
        description="Cancel with a reason: stock returns and a paid part is refunded in full.",
        request=ReasonSerializer,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_services.shop_order_cancel(
            shop_order_id=shop_order.pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _answer(request, number)


# --- Money ---------------------------------------------------------------------------------------


class BalanceSerializer(serializers.Serializer):
    available = MoneySerializer(help_text="Due to the shop now.")
    pending = MoneySerializer(help_text="Still in the holding period.")
    in_transfer = MoneySerializer(help_text="In payouts not yet settled.")
    paid_out = MoneySerializer()


class PayoutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = MoneySerializer()
    status = serializers.CharField()
    reference = serializers.CharField()
    created_at = serializers.DateTimeField()
    settled_at = serializers.DateTimeField(allow_null=True)


class SellerBalance(APIView):
    """What the platform owes the shop, in MAD (after commission and refunds)."""

    permission_classes = [IsSeller]

    @extend_schema(tags=["seller"], operation_id="seller_balance", responses=BalanceSerializer)
    def get(self, request):
        shop = seller_shop(request, "payout")
        balance = shop_balance(shop_id=shop.pk)
        return Response(
            {
                key: _mad(balance.get(key))
                for key in ("available", "pending", "in_transfer", "paid_out")
            }
        )


class SellerPayoutList(ListAPIView):
    """The shop's payouts, newest first."""

    permission_classes = [IsSeller]
    serializer_class = PayoutSerializer
    filter_backends = []

    def get_queryset(self):
        return shop_payouts(shop_id=seller_shop(self.request, "payout").pk)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        dt = serializers.DateTimeField()
        return self.get_paginated_response(
            [
                {
                    "id": p.pk,
                    "amount": _mad(p.amount_mad),
                    "status": p.status,
                    "reference": p.reference,
                    "created_at": dt.to_representation(p.created_at),
                    "settled_at": dt.to_representation(p.settled_at) if p.settled_at else None,
                }
                for p in page
            ]
        )

    @extend_schema(tags=["seller"], operation_id="seller_payouts_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

"""An order as its buyer reads it, with its shop parts and lines; cancelling one."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import NotFound

from marketplace.core.api import MoneySerializer
from marketplace.shipping.api import ImportEstimateSerializer, estimate_data
from marketplace.shipping.carriers import tracking_link

from ... import selectors
from ...models import Order
from ...status import BUYER_CANCELLABLE, PaymentMethodCode, ShopOrderStatus
from .common import RefSerializer, _money


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer(help_text="In MAD, as copied at checkout.")
    line_total = MoneySerializer(help_text="In MAD.")


class ShopOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = RefSerializer()
    status = serializers.ChoiceField(choices=ShopOrderStatus.choices)
    subtotal = MoneySerializer(help_text="In MAD.")
    shipping = MoneySerializer(help_text="In MAD.")
    total = MoneySerializer(help_text="In the order's currency.")
    cod_fee = MoneySerializer(help_text="Cash-on-delivery fee, in MAD (0 for cards).")
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = serializers.CharField(help_text="The carrier's tracking page; '' if none.")
    cancel_reason = serializers.CharField()
    can_cancel = serializers.BooleanField()
    lines = OrderLineSerializer(many=True)


class ShippingAddressOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    city = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    phone = serializers.CharField()


def shipping_address_data(order) -> dict:
    """Serialise an order's shipping address (the shape of ShippingAddressOutSerializer)."""
    return {
        "name": order.ship_name,
        "line1": order.ship_line1,
        "line2": order.ship_line2,
        "city": order.ship_city,
        "postal_code": order.ship_postal_code,
        "country": order.ship_country,
        "phone": order.ship_phone,
    }


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    email = serializers.EmailField()
    currency = serializers.CharField()
    payment_method = serializers.ChoiceField(choices=PaymentMethodCode.choices)
    total = MoneySerializer(help_text="What the buyer pays, in the order's currency.")
    total_mad = MoneySerializer()
    held_for_review = serializers.BooleanField()
    shipping_address = ShippingAddressOutSerializer()
    shop_orders = ShopOrderSerializer(many=True)
    import_estimate = ImportEstimateSerializer(
        allow_null=True, help_text="Import charges shown before paying, as they were shown."
    )


def order_data(order: Order) -> dict:
    """Serialise an order with its shop parts and lines."""
    parts = []
    for so in order.shop_orders.all():
        parts.append(
            {
                "id": so.pk,
                "shop": {"slug": so.shop.slug, "name": so.shop.name},
                "status": so.status,
                "subtotal": _money(so.subtotal_mad, "MAD"),
                "shipping": _money(so.shipping_mad, "MAD"),
                "cod_fee": _money(so.cod_fee_mad, "MAD"),
                "total": _money(so.total, order.currency),
                "carrier": so.carrier,
                "tracking_number": so.tracking_number,
                "tracking_url": tracking_link(so.carrier, so.tracking_number),
                "cancel_reason": so.cancel_reason,
                "can_cancel": so.status in BUYER_CANCELLABLE,
                "lines": [
                    {
                        "id": line.pk,
                        "title": line.title,
                        "sku": line.sku,
                        "options": {k: str(v) for k, v in (line.options or {}).items()},
                        "quantity": line.quantity,
                        "unit_price": _money(line.unit_price_mad, "MAD"),
                        "line_total": _money(line.line_total_mad, "MAD"),
                    }
                    for line in so.lines.all()
                ],
            }
        )
    return {
        "number": order.number,
        "status": order.status,
        "created_at": serializers.DateTimeField().to_representation(order.created_at),
        "paid_at": serializers.DateTimeField().to_representation(order.paid_at)
        if order.paid_at
        else None,
        "email": order.email,
        "currency": order.currency,
        "payment_method": order.payment_method,
        "total": _money(order.total, order.currency),
        "total_mad": _money(order.total_mad, "MAD"),
        "held_for_review": order.held_for_review,
        "shipping_address": shipping_address_data(order),
        "shop_orders": parts,
        "import_estimate": estimate_data(order.import_estimate),
    }


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    shop_order = serializers.IntegerField(
        required=False, min_value=1, help_text="Only this shop's part (default: every part)."
    )


def _buyer_order(user, number: str) -> Order:
    order = selectors.order_by_number(number=number)
    if order is None or order.buyer_id != user.pk:
        raise NotFound("No such order.")
    return order

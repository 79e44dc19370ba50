"""Checkout: what it asks, what it answers, and the lines that stop it."""

from __future__ import annotations

from rest_framework import serializers

from marketplace.core.api import CountryField, ErrorSerializer

from ... import selectors
from ...countries import COUNTRY_ZONES
from ...status import PaymentMethodCode
from .orders import OrderSerializer
from .payments import CodConfirmationSerializer, PaymentSerializer


class AddressSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    country = CountryField(
        codes=lambda: COUNTRY_ZONES, help_text="ISO 3166-1 alpha-2 of a country Souk ships to."
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class CheckoutSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, help_text="Defaults to the account's e-mail.")
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    shipping_address = AddressSerializer(
        required=False, help_text="Required unless `address` names a saved address."
    )
    address = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The id of one of your saved addresses (GET me/addresses/), instead of "
        "`shipping_address`. The order keeps a copy: changing the saved one later never "
        "changes it.",
    )
    payment_method = serializers.ChoiceField(
        choices=PaymentMethodCode.choices,
        required=False,
        default=PaymentMethodCode.CARD,
        help_text="`cod` (cash on delivery): Moroccan address and phone, MAD, every shop opted "
        "in; a code is then sent to the phone (POST orders/{number}/cod/confirm/).",
    )

    class Meta:
        request_rules = {"anyOf": [{"required": ["shipping_address"]}, {"required": ["address"]}]}

    def validate(self, attrs):
        if "shipping_address" not in attrs and "address" not in attrs:
            raise serializers.ValidationError(
                {"shipping_address": ["Send shipping_address or a saved address id."]}
            )
        return attrs


class CheckoutResponseSerializer(serializers.Serializer):
    order = OrderSerializer()
    payment = PaymentSerializer(
        allow_null=True,
        help_text="Card: the order's payment, its `client_secret` empty: the PaymentIntent "
        "is created just after this answer; GET orders/{number}/payment/ gives it (and creates "
        "it if need be). Cash on delivery: always null.",
    )
    confirmation = CodConfirmationSerializer(
        required=False, help_text="Cash on delivery only: where to send the code received."
    )


class FailingLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = serializers.IntegerField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    available = serializers.IntegerField()
    problem = serializers.ChoiceField(choices=["out_of_stock", "not_available", "price_changed"])


class CheckoutConflictSerializer(ErrorSerializer):
    lines = FailingLineSerializer(many=True)


def failing_lines(cart) -> list[dict]:
    """Return the cart lines that stop a checkout (out of stock, withdrawn, repriced)."""
    if cart is None:
        return []
    priced = selectors.cart_priced(cart=cart, zone="MA", currency="MAD")
    out = []
    for pl in priced.lines:
        problem = (
            "not_available"
            if pl.unavailable
            else "out_of_stock"
            if pl.short_of_stock
            else "price_changed"
            if pl.price_changed
            else None
        )
        if problem:
            variant = pl.line.variant
            out.append(
                {
                    "id": pl.line.pk,
                    "variant": variant.pk,
                    "title": variant.product.title,
                    "quantity": pl.line.quantity,
                    "available": max(variant.stock, 0),
                    "problem": problem,
                }
            )
    return out

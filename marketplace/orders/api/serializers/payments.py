"""Paying an order: the card payment's state, a saved card, a cash-on-delivery code."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers


class PaymentSerializer(serializers.Serializer):
    client_secret = serializers.CharField(help_text="For Stripe.js confirmCardPayment/3-D Secure.")
    publishable_key = serializers.CharField()
    amount = serializers.CharField(help_text="Decimal string in `currency`.")
    currency = serializers.CharField()
    status = serializers.CharField()
    last_error = serializers.CharField()


class CodConfirmationSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="Where the code went, mostly masked.")
    confirm_url = serializers.CharField()
    resend_url = serializers.CharField()


class PayRequestSerializer(serializers.Serializer):
    payment_method = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]{1,200}$",
        max_length=220,
        help_text="A Stripe PaymentMethod id (pm_…) created with the publishable key.",
    )


def payment_data(payment) -> dict:
    """Serialise what a client needs to pay."""
    return {
        "client_secret": payment.client_secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "amount": f"{payment.amount:.2f}",
        "currency": payment.currency,
        "status": payment.status,
        "last_error": payment.last_error,
    }


class CardSetupSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The SetupIntent id (seti_…).")
    client_secret = serializers.CharField()
    publishable_key = serializers.CharField()

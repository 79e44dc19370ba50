"""Signed webhook payloads, built like Stripe does."""

import json
import time

import stripe
from django.conf import settings

from payments.stripe_client import to_minor


def intent_object(payment, *, amount=None, currency=None, status="succeeded", error=None):
    amount = payment.order.total if amount is None else amount
    currency = (currency or payment.order.currency).lower()
    return {
        "id": payment.intent_id,
        "object": "payment_intent",
        "amount": to_minor(amount, currency),
        "currency": currency,
        "status": status,
        "metadata": {"order_number": payment.order.number},
        "latest_charge": "ch_test" if status == "succeeded" else None,
        "last_payment_error": error,
    }


def event(kind, obj, event_id=None):
    return {
        "id": event_id or f"evt_{obj['id']}_{kind}",
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def signed(payload: dict, *, secret=None, timestamp=None) -> tuple[bytes, str]:
    body = json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret or settings.STRIPE_WEBHOOK_SECRET, timestamp=timestamp
    )
    return body.encode(), header


def post_event(client, payload: dict, **kw):
    body, header = signed(payload, **kw)
    return client.post(
        "/payments/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )

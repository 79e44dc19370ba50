"""An unpaid order released closes its PaymentIntent; a success that still arrives is refunded.

Fault 20: a released order's PaymentIntent stayed open, and confirming it later charged the
card (182.28 USD) for a cancelled order, held with no refund. Through localstripe.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from marketplace.core.models import OutboxEmail
from marketplace.orders.models import Order
from marketplace.orders.services import orders_release_unpaid
from payments import stripe_client
from payments.errors import PaymentError, PaymentErrorCode
from payments.models import Payment, Refund
from payments.services import payment_confirm, payment_start
from tests.factories.payments import order_awaiting_payment

from .helpers import post_event
from .test_localstripe_flow import CARD_OK, card
from .test_refunds import _refunded_on_stripe

pytestmark = pytest.mark.django_db(transaction=True)


def _usd_order():
    order = order_awaiting_payment(
        totals=(Decimal("1200.00"), Decimal("622.80")), currency="USD", rate=Decimal("0.1"),
        email="emily@example.com", language="es",
    )  # fmt: skip
    assert order.total == Decimal("182.28")
    return order


def _release(order):
    later = timezone.now() + settings.UNPAID_ORDER_TIMEOUT + timedelta(minutes=1)
    assert orders_release_unpaid(now=later) == 1
    order.refresh_from_db()
    assert order.status == "cancelled"


def _raw_intent(intent_id):
    """The PaymentIntent object as Stripe (localstripe) has it, for a webhook delivered late."""
    response = requests.get(
        f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}",
        auth=(settings.STRIPE_SECRET_KEY, ""),
        timeout=10,
    )
    response.raise_for_status()
    data = response.json()
    if isinstance(data.get("latest_charge"), dict):
        data["latest_charge"] = data["latest_charge"]["id"]
    return data


def test_releasing_an_unpaid_order_cancels_its_payment_intent(localstripe):
    order = _usd_order()
    payment = payment_start(order_id=order.pk)
    _release(order)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    assert stripe_client.intent_retrieve(payment.intent_id)["status"] == "canceled"
    # The buyer comes back to pay: refused, and the card is never charged.
    with pytest.raises(PaymentError) as err:
        payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    assert err.value.code == PaymentErrorCode.ORDER_NOT_PAYABLE
    with pytest.raises(PaymentError):  # nor by confirming the intent directly (Stripe.js)
        stripe_client.intent_confirm(
            intent_id=payment.intent_id, payment_method_id=card(CARD_OK), idempotency_key="late"
        )
    assert stripe_client.intent_retrieve(payment.intent_id)["status"] == "canceled"
    assert not Refund.objects.exists()


def test_a_success_that_arrives_for_a_released_order_is_refunded_and_the_buyer_told(
    localstripe,
):
    order = _usd_order()
    payment = payment_start(order_id=order.pk)
    # The buyer confirms in the browser (Stripe.js) just as the order runs out of time: Stripe
    # charges the card, our side has not heard of it yet, and the release cannot cancel it.
    stripe_client.intent_confirm(
        intent_id=payment.intent_id, payment_method_id=card(CARD_OK), idempotency_key="browser"
    )
    _release(order)
    assert Payment.objects.get(pk=payment.pk).status != Payment.Status.CANCELLED

    intent = _raw_intent(payment.intent_id)
    assert intent["status"] == "succeeded"
    delivered = {
        "id": "evt_late_success",
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": intent["created"],
        "data": {"object": json.loads(json.dumps(intent))},
    }
    assert post_event(Client(), delivered).status_code == 200

    order = Order.objects.get(pk=order.pk)
    assert order.status == "cancelled" and order.paid_at is None and not order.held_for_review
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.amount_captured == Decimal("182.28")
    refunds = Refund.objects.filter(payment=payment, status="succeeded")
    assert sum(r.amount for r in refunds) == Decimal("182.28")
    assert _refunded_on_stripe(order) == 18228  # the card got every cent back
    [mail] = OutboxEmail.objects.filter(kind="order_late_payment_refunded")
    assert mail.to_email == "emily@example.com" and mail.language == "es"
    assert order.number in mail.subject and "182" in mail.body_text
    assert [e.kind for e in order.events.filter(kind__startswith="late_payment")] == [
        "late_payment",
        "late_payment_refunded",
    ]

    # Stripe delivers the event again: nothing more is refunded or sent.
    assert post_event(Client(), {**delivered, "id": "evt_late_success_2"}).status_code == 200
    from payments.services import payments_refund_late_due

    payments_refund_late_due()
    assert _refunded_on_stripe(order) == 18228
    assert OutboxEmail.objects.filter(kind="order_late_payment_refunded").count() == 1
    assert order.events.filter(kind="late_payment").count() == 1

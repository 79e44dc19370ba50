"""Paying for real against localstripe with the stripe SDK; paid only via the real webhook."""

import time
from decimal import Decimal

import pytest
import requests
import stripe
from django.conf import settings
from django.db import OperationalError

from payments import stripe_client
from payments.errors import PaymentError, PaymentErrorCode
from payments.models import Payment, WebhookEvent
from payments.services import payment_confirm, payment_start, payment_sync
from tests.factories.payments import order_awaiting_payment

pytestmark = pytest.mark.django_db(transaction=True)

CARD_OK = "4242424242424242"
CARD_3DS = "4000002500003155"
CARD_DECLINED = "4000000000000341"


def _sdk():
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=0,
    )


def card(number: str) -> str:
    """Create a card PaymentMethod on localstripe (what Stripe.js does in the browser)."""
    pm = _sdk().v1.payment_methods.create(
        {
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        }
    )
    return pm.id


@pytest.fixture
def webhook(localstripe, live_server):
    """Have localstripe post its events to this test's running app."""
    stripe_client.localstripe_register_webhook(
        url=f"{live_server.url}/payments/stripe/webhook/",
        secret=settings.STRIPE_WEBHOOK_SECRET,
        name="souk-tests",
    )
    yield live_server
    time.sleep(1.2)  # let a last event (posted 1 s after its cause) land before the flush


def wait_for(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass  # in-memory SQLite shared with the live server: its table lock, try again
        time.sleep(0.2)
    return False


def _order(currency="EUR"):
    rate = settings.DEFAULT_EXCHANGE_RATES[currency]
    return order_awaiting_payment(
        totals=(Decimal("320.00"), Decimal("185.50")), currency=currency, rate=rate
    )


def _status(order):
    return sorted(set(order.shop_orders.values_list("status", flat=True)))


def _authenticate(payment, success: bool):
    return requests.post(
        f"{settings.STRIPE_API_BASE}/v1/payment_intents/{payment.intent_id}/_authenticate",
        data={
            "success": "true" if success else "false",
            "client_secret": payment.client_secret,
            "key": settings.STRIPE_PUBLISHABLE_KEY,
        },
        timeout=10,
    )


def test_intent_carries_exact_total_currency_and_order_number(localstripe):
    order = _order("EUR")
    first = payment_start(order_id=order.pk)
    again = payment_start(order_id=order.pk)
    assert again.pk == first.pk and again.intent_id == first.intent_id
    pi = _sdk().v1.payment_intents.retrieve(first.intent_id)
    assert pi.amount == stripe_client.to_minor(order.total, "EUR") == 4651
    assert pi.currency == "eur"
    assert pi.metadata["order_number"] == order.number
    assert Payment.objects.filter(order=order).count() == 1


def test_card_4242_pays_the_order_through_the_real_webhook(webhook):
    order = _order("USD")
    payment_start(order_id=order.pk)
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    # Stripe said yes, but the order is not paid on that word: only the webhook does that.
    assert payment.status == Payment.Status.PROCESSING
    assert _status(order) == ["pending_payment"]
    # (Waits on the last write: with in-memory SQLite the live server shares our connection.)
    assert wait_for(lambda: _status(order) == ["paid"])
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert _status(order) == ["paid"]
    payment.refresh_from_db()
    assert payment.charge_id.startswith("ch_")


def test_3ds_completed_pays_the_order(webhook):
    order = _order("MAD")
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_3DS))
    assert payment.status == Payment.Status.REQUIRES_ACTION
    assert _authenticate(payment, True).status_code == 200
    # (Waits on the last write: with in-memory SQLite the live server shares our connection.)
    assert wait_for(lambda: _status(order) == ["paid"])
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert _status(order) == ["paid"]


def test_3ds_failed_leaves_the_order_unpaid_and_payable(webhook):
    order = _order("EUR")
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_3DS))
    _authenticate(payment, False).raise_for_status()
    payment = payment_sync(order_id=order.pk)
    assert payment.status == Payment.Status.FAILED
    assert payment.last_error == "payment_intent_authentication_failure"
    time.sleep(2)  # localstripe posts events after 1 s: none may pay this order
    assert _status(order) == ["pending_payment"]
    # The buyer tries again with a card that works.
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    # (Waits on the last write: with in-memory SQLite the live server shares our connection.)
    assert wait_for(lambda: _status(order) == ["paid"])
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert _status(order) == ["paid"]


def test_declined_card_then_another_card_pays(webhook):
    order = _order("EUR")
    with pytest.raises(PaymentError) as declined:
        payment_confirm(order_id=order.pk, payment_method_id=card(CARD_DECLINED))
    assert declined.value.code == PaymentErrorCode.CARD_DECLINED
    assert declined.value.status == 402
    assert "declined" in declined.value.message and "another card" in declined.value.message
    payment = Payment.objects.get(order=order)
    assert payment.status == Payment.Status.FAILED
    first_intent = payment.intent_id
    # The payment_failed event arrives (1 s later) and changes nothing more.
    assert wait_for(
        lambda: WebhookEvent.objects.filter(type="payment_intent.payment_failed").exists()
    )
    assert _status(order) == ["pending_payment"]
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    assert payment.intent_id != first_intent  # a fresh intent; the declined one is cancelled
    # (Waits on the last write: with in-memory SQLite the live server shares our connection.)
    assert wait_for(lambda: _status(order) == ["paid"])
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert _status(order) == ["paid"]
    assert Payment.objects.filter(order=order).count() == 1


def test_stripe_unreachable_is_a_clear_refusal(dead_stripe):
    order = _order("MAD")
    with pytest.raises(PaymentError) as err:
        payment_start(order_id=order.pk)
    assert err.value.code == PaymentErrorCode.PROVIDER_UNAVAILABLE
    assert err.value.status == 503


def test_reconciliation_pays_an_order_whose_webhook_was_lost(localstripe):
    from payments.tasks import payments_reconcile_task

    order = _order("EUR")  # no webhook registered: the event goes nowhere
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    assert payment.status == Payment.Status.PROCESSING
    assert payments_reconcile_task.delay(older_than_minutes=5).get() == 0  # too recent to ask
    assert _status(order) == ["pending_payment"]
    assert payments_reconcile_task.delay(older_than_minutes=0).get() == 1
    assert _status(order) == ["paid"]
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert payments_reconcile_task.delay(older_than_minutes=0).get() == 0  # nothing twice

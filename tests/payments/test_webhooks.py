"""The Stripe webhook: signature checks, exactly-once processing, amount checks, event kinds."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from marketplace.core.models import OutboxEmail
from marketplace.orders.models import OrderEvent, ShopOrder
from payments.models import Payment, Refund, WebhookEvent
from tests.factories.payments import PaymentFactory, order_awaiting_payment

from .helpers import event, intent_object, post_event, signed

URL = "/payments/stripe/webhook/"


def _payment(**kw):
    order = order_awaiting_payment(totals=(Decimal("300.00"), Decimal("150.00")), **kw)
    return PaymentFactory(order=order, status=Payment.Status.PROCESSING)


def _paid_transitions(order):
    return OrderEvent.objects.filter(order=order, kind="payment").count()


def _assert_untouched(payment):
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PROCESSING
    assert set(payment.order.shop_orders.values_list("status", flat=True)) == {"pending_payment"}
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
class TestSignature:
    def test_missing_signature_is_400_and_changes_nothing(self, client):
        payment = _payment()
        body, _header = signed(event("payment_intent.succeeded", intent_object(payment)))
        response = client.post(URL, data=body, content_type="application/json")
        assert response.status_code == 400
        _assert_untouched(payment)

    def test_wrong_secret_is_400_and_changes_nothing(self, client):
        payment = _payment()
        response = post_event(
            client, event("payment_intent.succeeded", intent_object(payment)), secret="whsec_other"
        )
        assert response.status_code == 400
        _assert_untouched(payment)

    def test_signature_older_than_five_minutes_is_400(self, client):
        payment = _payment()
        response = post_event(
            client,
            event("payment_intent.succeeded", intent_object(payment)),
            timestamp=int(time.time()) - 301,
        )
        assert response.status_code == 400
        _assert_untouched(payment)

    def test_tampered_body_is_400(self, client):
        payment = _payment()
        body, header = signed(event("payment_intent.succeeded", intent_object(payment)))
        tampered = body.replace(b'"amount": 45000', b'"amount": 1')
        assert tampered != body
        response = client.post(
            URL, data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code == 400
        _assert_untouched(payment)

    def test_get_is_not_allowed(self, client):
        assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_succeeded_marks_every_shop_order_paid(client):
    payment = _payment()
    response = post_event(client, event("payment_intent.succeeded", intent_object(payment)))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.charge_id == "ch_test"
    assert set(payment.order.shop_orders.values_list("status", flat=True)) == {"paid"}
    payment.order.refresh_from_db()
    assert payment.order.status == "paid"


@pytest.mark.django_db
def test_same_event_ten_times_in_a_row_pays_once(client):
    payment = _payment()
    payload = event("payment_intent.succeeded", intent_object(payment))
    answers = [post_event(client, payload) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 10
    assert sum(1 for a in answers if a.json().get("duplicate")) == 9
    assert WebhookEvent.objects.count() == 1
    assert _paid_transitions(payment.order) == 1
    emails_after_first = OutboxEmail.objects.count()
    assert emails_after_first >= 1  # the shops were told to fulfil (once)
    # The same payment announced again under a new event id still changes nothing.
    post_event(client, event("payment_intent.succeeded", intent_object(payment), "evt_other"))
    assert _paid_transitions(payment.order) == 1
    assert OutboxEmail.objects.count() == emails_after_first


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_event_five_times_in_parallel_pays_once():
    payment = _payment()
    body, header = signed(event("payment_intent.succeeded", intent_object(payment)))
    barrier = threading.Barrier(5)
    codes = []

    def deliver():
        try:
            barrier.wait()
            response = Client().post(
                URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
            codes.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 5
    assert WebhookEvent.objects.count() == 1
    assert _paid_transitions(payment.order) == 1
    kinds = list(OutboxEmail.objects.values_list("kind", flat=True))
    assert len(kinds) == len(set(kinds)) >= 1  # each fulfilment e-mail queued once
    assert set(ShopOrder.objects.values_list("status", flat=True)) == {"paid"}


@pytest.mark.django_db
def test_amount_mismatch_holds_the_order_and_does_not_pay(client):
    payment = _payment()
    obj = intent_object(payment, amount=Decimal("1.00"))
    assert post_event(client, event("payment_intent.succeeded", obj)).status_code == 200
    payment.order.refresh_from_db()
    assert payment.order.held_for_review
    assert set(payment.order.shop_orders.values_list("status", flat=True)) == {"pending_payment"}
    assert _paid_transitions(payment.order) == 0


@pytest.mark.django_db
def test_currency_mismatch_holds_the_order(client):
    payment = _payment()
    obj = intent_object(payment, currency="usd")
    post_event(client, event("payment_intent.succeeded", obj))
    payment.order.refresh_from_db()
    assert payment.order.held_for_review
    assert payment.order.status == "pending_payment"


@pytest.mark.django_db
def test_payment_failed_is_recorded_and_never_undoes_a_success(client):
    payment = _payment()
    failed = intent_object(
        payment, status="requires_payment_method", error={"code": "card_declined"}
    )
    post_event(client, event("payment_intent.payment_failed", failed, "evt_fail_1"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.last_error == "card_declined"
    post_event(client, event("payment_intent.succeeded", intent_object(payment)))
    # An old failure delivered late (events come in any order) leaves the order paid.
    post_event(client, event("payment_intent.payment_failed", failed, "evt_fail_2"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.order.shop_orders.filter(status="paid").count() == 2


@pytest.mark.django_db
def test_unknown_event_types_are_acknowledged_and_ignored(client):
    payment = _payment()
    response = post_event(client, event("customer.created", {"id": "cus_1"}))
    assert response.status_code == 200
    assert WebhookEvent.objects.get().result == "ignored"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PROCESSING


@pytest.mark.django_db
def test_charge_refunded_records_an_unknown_refund_once(client):
    payment = _payment()
    post_event(client, event("payment_intent.succeeded", intent_object(payment)))
    charge = {
        "id": "ch_test",
        "object": "charge",
        "payment_intent": payment.intent_id,
        "currency": "mad",
        "refunds": {"data": [{"id": "re_dash1", "amount": 40000, "status": "succeeded"}]},
    }
    post_event(client, event("charge.refunded", charge, "evt_r1"))
    post_event(client, event("charge.refunded", charge, "evt_r2"))  # Stripe repeats the list
    refunds = Refund.objects.order_by("shop_order_id")
    # 400.00 spread over the shop orders in order: 300.00 then 100.00.
    assert [(r.amount, r.status) for r in refunds] == [
        (Decimal("300.00"), "succeeded"),
        (Decimal("100.00"), "succeeded"),
    ]


@pytest.mark.django_db
def test_event_for_an_unknown_intent_is_acknowledged(client):
    obj = {"id": "pi_nobody", "amount": 100, "currency": "mad", "metadata": {}, "status": "x"}
    assert post_event(client, event("payment_intent.succeeded", obj)).status_code == 200

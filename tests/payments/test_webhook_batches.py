"""The worker's drain of recorded webhook events: batches, exactly once, failures set aside."""

import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection

from marketplace.celery import app as celery_app
from marketplace.core.models import OutboxEmail
from marketplace.orders.models import OrderEvent
from payments.models import Payment, WebhookEvent
from payments.services import webhooks_process_pending, webhooks_process_stale
from tests.factories.payments import PaymentFactory, order_awaiting_payment

from .helpers import event, intent_object, post_event


def _payment(**kw):
    order = order_awaiting_payment(totals=(Decimal("300.00"), Decimal("150.00")), **kw)
    return PaymentFactory(order=order, status=Payment.Status.PROCESSING)


def _paid_transitions(payment):
    return OrderEvent.objects.filter(order=payment.order, kind="payment").count()


def _result(event_id):
    return WebhookEvent.objects.get(event_id=event_id).result


@pytest.fixture
def no_worker():
    """Webhooks are recorded and answered, and nothing applies them until the test drains."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    with mock.patch("payments.tasks.webhooks_process_task.delay"):  # nothing reaches a broker
        yield
    celery_app.conf.task_always_eager = previous


@pytest.mark.django_db
def test_the_answer_comes_before_the_work_then_one_drain_applies_a_mixed_batch(client, no_worker):
    plain, retried, declined_then_paid, wrong_amount = (_payment() for _ in range(4))
    deliveries = [
        event("payment_intent.succeeded", intent_object(plain), "evt_plain"),
        event("payment_intent.succeeded", intent_object(retried), "evt_retried_1"),
        event("payment_intent.succeeded", intent_object(retried), "evt_retried_2"),
        event(
            "payment_intent.payment_failed",
            intent_object(
                declined_then_paid,
                status="requires_payment_method",
                error={"code": "card_declined"},
            ),
            "evt_declined",
        ),
        event("payment_intent.succeeded", intent_object(declined_then_paid), "evt_then_paid"),
        event(
            "payment_intent.succeeded",
            intent_object(wrong_amount, amount=Decimal("1.00")),
            "evt_wrong_amount",
        ),
    ]
    assert [post_event(client, d).status_code for d in deliveries] == [200] * 6
    # Acknowledged and recorded, not applied yet.
    assert WebhookEvent.objects.filter(processed_at__isnull=True).count() == 6
    assert not OrderEvent.objects.filter(kind="payment").exists()
    assert not OutboxEmail.objects.exists()

    assert webhooks_process_pending() == (6, False)

    for payment in (plain, retried, declined_then_paid):
        payment.refresh_from_db()
        assert payment.status == Payment.Status.SUCCEEDED and payment.last_error == ""
        assert set(payment.order.shop_orders.values_list("status", flat=True)) == {"paid"}
        assert _paid_transitions(payment) == 1
        assert OutboxEmail.objects.filter(key=f"order:{payment.order.number}:paid:buyer").count()
    # Events about one payment are applied in the order they came, as one by one would.
    assert [_result(e) for e in ("evt_retried_1", "evt_retried_2")] == ["paid", "already paid"]
    assert [_result(e) for e in ("evt_declined", "evt_then_paid")] == ["failure recorded", "paid"]
    assert _result("evt_plain") == "paid"
    assert _result("evt_wrong_amount") == "held: amount mismatch"
    wrong_amount.order.refresh_from_db()
    assert wrong_amount.order.held_for_review and wrong_amount.order.status == "pending_payment"
    keys = list(OutboxEmail.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))

    emails = OutboxEmail.objects.count()
    assert webhooks_process_pending() == (0, False)  # nothing twice
    assert OutboxEmail.objects.count() == emails
    assert OrderEvent.objects.filter(kind="payment").count() == 3


@pytest.mark.django_db
def test_a_failing_event_is_set_aside_and_reconciliation_applies_it_later(client, no_worker):
    broken, fine = _payment(), _payment()
    failed = intent_object(broken, status="requires_payment_method", error={"code": "x"})
    post_event(client, event("payment_intent.payment_failed", failed, "evt_broken"))
    post_event(client, event("payment_intent.succeeded", intent_object(fine), "evt_fine"))

    with mock.patch(
        "payments.services.webhooks.payment_apply_failed", side_effect=RuntimeError("bug")
    ):
        assert webhooks_process_pending() == (2, False)
    assert _result("evt_fine") == "paid"
    broken_event = WebhookEvent.objects.get(event_id="evt_broken")
    assert broken_event.processed_at is None and broken_event.result == "failed: RuntimeError"
    broken.refresh_from_db()
    assert broken.status == Payment.Status.PROCESSING  # its partial work was undone
    assert webhooks_process_pending() == (0, False)  # set aside: the drain does not spin on it

    assert webhooks_process_stale(older_than_minutes=0) == ["failure recorded"]
    broken.refresh_from_db()
    assert broken.status == Payment.Status.FAILED
    assert webhooks_process_stale(older_than_minutes=0) == []


@pytest.mark.django_db
def test_when_paying_together_fails_each_event_is_applied_alone(client, no_worker):
    payments = [_payment() for _ in range(3)]
    for payment in payments:
        post_event(client, event("payment_intent.succeeded", intent_object(payment)))
    with mock.patch(
        "payments.services.webhooks.payments_apply_succeeded", side_effect=RuntimeError("bug")
    ):
        assert webhooks_process_pending() == (3, False)
    assert set(WebhookEvent.objects.values_list("result", flat=True)) == {"paid"}
    assert [_paid_transitions(p) for p in payments] == [1, 1, 1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_drains_in_parallel_apply_each_event_once(no_worker):
    from django.test import Client

    payments = [_payment() for _ in range(30)]
    for payment in payments:
        post_event(Client(), event("payment_intent.succeeded", intent_object(payment)))
    barrier = threading.Barrier(2)
    applied = []

    def drain():
        try:
            barrier.wait()
            applied.append(webhooks_process_pending()[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(applied) == 30
    assert not WebhookEvent.objects.filter(processed_at__isnull=True).exists()
    assert [_paid_transitions(p) for p in payments] == [1] * 30
    keys = list(OutboxEmail.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) >= 30

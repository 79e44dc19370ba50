"""Payment work for the worker: webhook events, reconciliation with Stripe, payouts."""

import logging

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(
    name="payments.process_webhooks",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def webhooks_process_task() -> int:
    """Apply the recorded Stripe events in arrival order (each exactly once); answer how many."""
    from marketplace.core.queueing import drain_enqueue, drain_started

    from .services.webhooks import DRAIN_QUEUED_KEY, webhooks_process_pending

    # First, so an event recorded from now on queues another drain instead of counting on us.
    drain_started(DRAIN_QUEUED_KEY)
    done, more = webhooks_process_pending()
    if more:
        drain_enqueue(webhooks_process_task, DRAIN_QUEUED_KEY)  # the rest, after the others
    return done


@shared_task(name="payments.webhooks_sweep")
def webhooks_sweep_task() -> int:
    """Apply recorded events whose drain was lost (every 15 s; see webhooks_sweep)."""
    from .services import webhooks_sweep

    return webhooks_sweep()


@shared_task(name="payments.reconcile")
def payments_reconcile_task(older_than_minutes: int = 5) -> int:
    """Apply events left unprocessed, then ask Stripe about unpaid orders; answer how many paid."""
    from .services import payments_reconcile, payments_refund_late_due, webhooks_process_stale

    paid = webhooks_process_stale(older_than_minutes=older_than_minutes).count("paid")
    payments_refund_late_due()  # late payments whose refund task was lost
    return paid + payments_reconcile(older_than_minutes=older_than_minutes)


@shared_task(
    name="payments.refund_late_payment",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def payment_refund_late_task(payment_id: int) -> int:
    """Refund a payment that arrived for a cancelled order (reconcile retries if this fails)."""
    from .services import payment_refund_late

    return len(payment_refund_late(payment_id=payment_id))


@shared_task(name="payments.payouts_create_due")
def payouts_create_due_task() -> int:
    """Group due shop balances into payouts."""
    from .services import payouts_create_due

    return len(payouts_create_due())


@shared_task(
    name="payments.start_intent",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def payment_start_intent_task(order_id: int) -> str:
    """Create the PaymentIntent of an order just placed (queued by its checkout after commit).

    Answers the intent's id, or "" when there is none yet: the provider is down or refused, or
    the order is no longer payable. Nothing is lost then: the pay step creates the intent when
    the buyer pays (payment_start).
    """
    from .errors import PaymentError
    from .services import payment_start

    try:
        return payment_start(order_id=order_id).intent_id or ""
    except PaymentError as exc:
        logger.info(
            "payments: no PaymentIntent for order %s yet (%s); the pay step makes it",
            order_id,
            exc.code,
        )
        return ""

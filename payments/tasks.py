"""Scheduled payment work: reconciliation with Stripe, payouts of due balances."""

from celery import shared_task


@shared_task(name="payments.reconcile")
def payments_reconcile_task(older_than_minutes: int = 5) -> int:
    """Apply what Stripe says about unpaid orders whose webhook may have been lost."""
    from .services import payments_reconcile

    return payments_reconcile(older_than_minutes=older_than_minutes)


@shared_task(name="payments.payouts_create_due")
def payouts_create_due_task() -> int:
    """Group due shop balances into payouts."""
    from .services import payouts_create_due

    return len(payouts_create_due())

"""Scheduled order work (beat): release unpaid orders, close shipped ones with no dispute."""

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS


@shared_task(
    name="orders.release_unpaid",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def orders_release_unpaid_task() -> int:
    """Cancel orders left unpaid past the timeout and return their stock."""
    from .services import orders_release_unpaid

    return orders_release_unpaid()


@shared_task(
    name="orders.mark_delivered_due",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def orders_mark_delivered_due_task() -> int:
    """Mark delivered the parts shipped long ago without a dispute."""
    from .services import orders_mark_delivered_due

    return orders_mark_delivered_due()

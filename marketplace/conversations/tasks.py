"""Scheduled conversation work: batched message e-mails, commissions following their orders."""

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS


@shared_task(
    name="conversations.notify_due",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def conversations_notify_due_task() -> int:
    """Send the new-message e-mails whose quiet period ended; answer how many."""
    from .services import conversations_notify_due

    return conversations_notify_due()


@shared_task(name="conversations.sync_commissions")
def commissions_sync_open_task() -> int:
    """Bring every unfinished commission up to date with its orders; answer how many read."""
    from .services import commissions_sync_open

    return commissions_sync_open()

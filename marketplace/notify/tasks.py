"""Hand recorded text messages to the provider; sweep up those whose task was lost."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from marketplace.celery import TRANSIENT_ERRORS

MAX_ATTEMPTS = 5


@shared_task(
    name="notify.send_text_message",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=MAX_ATTEMPTS,
)
def send_text_message(message_id: int) -> bool:
    """Send one recorded message unless it was already sent."""
    from .services import message_send

    return message_send(message_id=message_id)


@shared_task(name="notify.sweep")
def text_message_sweep(older_than_seconds: int = 60) -> int:
    """Queue again every message still unsent after a while; answer how many."""
    from .models import OutboundMessage

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        OutboundMessage.objects.filter(
            sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        send_text_message.delay(pk)
    return len(ids)

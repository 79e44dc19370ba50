"""Infrastructure tasks: the heartbeat, and the outbox sender with its sweep."""

import hashlib
import logging
from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from marketplace.celery import TRANSIENT_ERRORS

HEARTBEAT_KEY = "core:celery-heartbeat"
OUTBOX_MAX_ATTEMPTS = 8
log = logging.getLogger(__name__)


@shared_task(name="core.heartbeat")
def heartbeat(token: str = "") -> str:
    """Record that a worker ran a task, with the caller's token (proves the broker round trip)."""
    value = {"token": token, "at": timezone.now().isoformat()}
    cache.set(HEARTBEAT_KEY, value, 3600)
    return token


def _message_id(key: str) -> str:
    # The same e-mail always carries the same Message-ID, so a receiving server can drop the
    # copy if a crash between sending and recording ever makes us send it twice.
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@souk.outbox>"


@shared_task(
    name="core.send_outbox_email",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=OUTBOX_MAX_ATTEMPTS,
)
def send_outbox_email(outbox_id: int) -> bool:
    """Send one recorded e-mail unless it was already sent; answer whether it sent now."""
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction
    from django.db.models import F

    from .models import OutboxEmail

    try:
        with transaction.atomic():
            # The row lock makes a redelivered task, a sweep and a late retry wait for (or skip)
            # the one sending now; sent_at, committed with the send, makes them do nothing.
            email = (
                OutboxEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=outbox_id, sent_at__isnull=True)
                .first()
            )
            if email is None:
                return False  # already sent, gone, or being sent by another worker
            message = EmailMultiAlternatives(
                email.subject,
                email.body_text,
                to=[email.to_email],
                headers={"Message-ID": _message_id(email.key), "X-Souk-Outbox-Key": email.key},
            )
            if email.body_html:
                message.attach_alternative(email.body_html, "text/html")
            message.send()
            email.sent_at = timezone.now()
            email.attempts += 1
            email.last_error = ""
            email.save(update_fields=["sent_at", "attempts", "last_error"])
    except Exception as exc:
        try:
            OutboxEmail.objects.filter(pk=outbox_id, sent_at__isnull=True).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
            )
        except Exception:  # the database itself is the problem; the retry will tell
            log.warning("could not record the failure of outbox e-mail %s", outbox_id)
        raise
    return True


@shared_task(name="core.outbox_sweep")
def outbox_sweep(older_than_seconds: int | None = None) -> int:
    """Queue again every e-mail still unsent after a while (its task was lost); answer how many."""
    from django.conf import settings

    from .models import OutboxEmail

    age = settings.OUTBOX_SWEEP_AFTER.total_seconds()
    if older_than_seconds is not None:
        age = older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=age)
    ids = list(
        OutboxEmail.objects.filter(
            sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=OUTBOX_MAX_ATTEMPTS
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        send_outbox_email.delay(pk)
    if ids:
        log.info("outbox sweep queued %s unsent e-mails", len(ids))
    return len(ids)

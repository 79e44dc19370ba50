"""Infrastructure tasks: the heartbeat, and the outbox sender with its sweep."""

import contextlib
import hashlib
import logging
from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from marketplace.celery import TRANSIENT_ERRORS

from .emails import DRAIN_QUEUED_KEY

HEARTBEAT_KEY = "core:celery-heartbeat"
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BATCH = 25  # e-mails per mail connection and per transaction of the drain
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


# Both senders retry a passing failure (network, mail server, database) with back-off.
_SENDER_RETRIES = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": OUTBOX_MAX_ATTEMPTS,
}


@shared_task(name="core.send_outbox_email", **_SENDER_RETRIES)
def send_outbox_email(outbox_id: int) -> bool:
    """Send one recorded e-mail unless it was already sent; answer whether it sent now."""
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
            _message(email, None).send()
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


def _message(email, connection):
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        email.subject,
        email.body_text,
        to=[email.to_email],
        headers={"Message-ID": _message_id(email.key), "X-Souk-Outbox-Key": email.key},
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _send_batch(size: int) -> tuple[int, int, Exception | None]:
    """Send up to `size` fresh e-mails over one connection; answer (taken, sent, transient error).

    Each e-mail is taken, handed to the mail server and marked sent in a transaction of its
    own, so a worker killed mid-batch has at most the one message in flight unrecorded (a
    duplicate the receiving side can drop by its Message-ID), never the whole batch. A message
    the mail server refuses is recorded on its row and left to the sweep; a connection failure
    stops the batch (what was sent before it is already recorded) and is returned for the task
    to retry.
    """
    from django.core.mail import get_connection
    from django.db import transaction
    from django.db.models import F

    from .models import OutboxEmail

    taken = sent = 0
    transient = None
    connection = None
    try:
        while taken < size and transient is None:
            with transaction.atomic():
                # Only e-mails never tried: one that failed waits for the sweep and its back-off.
                # Locked (others skip it) until its sent_at commits, a moment after the send.
                email = (
                    OutboxEmail.objects.select_for_update(skip_locked=True)
                    .filter(sent_at__isnull=True, attempts=0)
                    .order_by("pk")
                    .first()
                )
                if email is None:
                    break
                taken += 1
                try:
                    if connection is None:
                        connection = get_connection()
                        connection.open()
                    _message(email, connection).send()
                except TRANSIENT_ERRORS as exc:  # the mail server is unreachable: stop here
                    transient = exc
                    _record_failure(email.pk, exc)
                except Exception as exc:  # refused (bad address…): recorded, the rest goes on
                    log.warning("outbox e-mail %s refused: %s", email.pk, exc)
                    _record_failure(email.pk, exc)
                else:
                    OutboxEmail.objects.filter(pk=email.pk).update(
                        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
                    )
                    sent += 1
    finally:
        if connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection: nothing to add
                connection.close()
    return taken, sent, transient


def _record_failure(outbox_id: int, exc: Exception) -> None:
    from django.db.models import F

    from .models import OutboxEmail

    OutboxEmail.objects.filter(pk=outbox_id).update(
        attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
    )


@shared_task(name="core.send_outbox_emails", **_SENDER_RETRIES)
def send_outbox_emails(batch_size: int = OUTBOX_BATCH) -> int:
    """Send every new e-mail of the outbox, a batch per mail connection; answer how many."""
    from .queueing import drain_started

    # First, so an e-mail committed from now on queues another drain instead of counting on us.
    drain_started(DRAIN_QUEUED_KEY)
    total = 0
    while True:
        taken, sent, transient = _send_batch(batch_size)
        total += sent
        if transient is not None:
            raise transient
        if taken < batch_size:
            return total


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

"""Record a text message in the caller's transaction; hand it to the provider after commit."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.celery import TRANSIENT_ERRORS
from marketplace.core.queueing import task_named

from ..backends import backend
from ..errors import NotifyError, NotifyErrorCode
from ..models import Channel, OutboundMessage
from ..phones import phone_normalize

log = logging.getLogger(__name__)


def message_queue(
    *, key: str, purpose: str, to: str, body: str, channel: str = Channel.SMS, language: str = "fr"
) -> OutboundMessage | None:
    """Record one message per key (inside the caller's transaction) and send it on commit.

    `to` is normalised to E.164 (a national number is read as Moroccan). Answers None when a
    message with this key was already recorded, so a retried caller sends nothing twice.
    """
    if channel not in Channel.values:
        raise NotifyError(NotifyErrorCode.UNSUPPORTED_CHANNEL)
    message = OutboundMessage(
        key=key[:160], purpose=purpose, channel=channel, to_phone=phone_normalize(to),
        language=language, body=body,
    )  # fmt: skip
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return None
    send_text_message = task_named("notify.send_text_message")
    # Robust: the change that queued it is committed; a broker that does not answer must not
    # turn it into an error (the sweep sends what was recorded and never handed over).
    transaction.on_commit(lambda: send_text_message.delay(message.pk), robust=True)
    return message


def message_send(*, message_id: int) -> bool:
    """Hand one recorded message to the provider unless already sent; answer whether it sent.

    The row stays locked while the provider answers so a redelivered task or the sweep skips
    it; a crash between the provider's answer and the commit can send it twice, never lose it.
    """
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            reference = backend().send(message)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            log.warning("text message %s refused: %s", message_id, exc)
            OutboundMessage.objects.filter(pk=message_id).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
            )
            return False
        message.sent_at = timezone.now()
        message.attempts += 1
        message.provider_ref = (reference or "")[:100]
        message.last_error = ""
        message.save(update_fields=["sent_at", "attempts", "provider_ref", "last_error"])
    return True

"""Stripe webhooks: verified and recorded once by event id in the request, applied by a worker.

Stripe asks for a fast 2xx: the request only checks the signature, records the event (its id
is unique, so a redelivery is a no-op) and queues a drain. The worker applies each event exactly
once: under the event row's lock, in the transaction that also stamps `processed_at`. An event
whose drain was lost (broker down) or that failed is applied by the reconciliation task.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.celery import TRANSIENT_ERRORS
from marketplace.core.errors import DomainError
from marketplace.core.queueing import drain_enqueue, drain_enqueue_on_commit, task_named

from .. import stripe_client
from ..models import WebhookEvent
from .payments import (
    _savepoint_if_nested,
    payment_apply_failed,
    payment_apply_succeeded,
    payments_apply_succeeded,
)
from .refunds import refunds_record_from_charge

log = logging.getLogger(__name__)

# Set while a drain of the recorded events is queued and has not started (core/queueing.py).
DRAIN_QUEUED_KEY = "payments:webhook-drain-queued"
DRAIN_LIMIT = 200  # events per task run; then it queues itself again, so others get a turn
DRAIN_BATCH = 20  # events per transaction (their rows stay locked until it commits)


def _dispatch(event: dict) -> str:
    kind = event["type"]
    obj = (event.get("data") or {}).get("object") or {}
    if kind == "payment_intent.succeeded":
        return payment_apply_succeeded(intent=stripe_client.intent_from_event_object(obj))
    if kind == "payment_intent.payment_failed":
        return payment_apply_failed(intent=stripe_client.intent_from_event_object(obj))
    if kind == "charge.refunded":
        return refunds_record_from_charge(charge=obj)
    return "ignored"


def _queue_processing() -> None:
    webhooks_process_task = task_named("payments.process_webhooks")
    if webhooks_process_task.app.conf.task_always_eager:
        # Eager (tests, no broker): the drain runs here and now, like every eager task.
        drain_enqueue(webhooks_process_task, DRAIN_QUEUED_KEY)
        return
    if transaction.get_connection().in_atomic_block:
        # After commit, so the worker finds the row; a failed publish leaves the event to
        # the webhooks sweep. Stripe has its 200 either way.
        drain_enqueue_on_commit(webhooks_process_task, DRAIN_QUEUED_KEY)
        return
    try:
        drain_enqueue(webhooks_process_task, DRAIN_QUEUED_KEY)
    except Exception as exc:
        # The broker is down: apply what is recorded here and now (each event exactly once,
        # under its row lock), so a payment is not left waiting for the broker to return.
        log.warning("webhook drain not queued (%s); applying recorded events in the request", exc)
        try:
            webhooks_process_pending(limit=DRAIN_BATCH)
        except Exception:  # the sweep will apply it; Stripe still gets its 200
            log.exception("applying recorded webhook events in the request failed")


def webhook_receive(*, payload: bytes, signature: str | None) -> WebhookEvent | None:
    """Verify and record one webhook delivery, then queue it; None for an already-seen event."""
    event = stripe_client.webhook_event(payload, signature)
    try:
        with _savepoint_if_nested():
            record = WebhookEvent.objects.create(
                event_id=str(event["id"])[:100], type=str(event["type"])[:80], payload=event
            )
    except IntegrityError:
        return None
    _queue_processing()
    return record


def _apply(record: WebhookEvent, *, save: bool = True) -> str:
    """Apply a locked, unprocessed event and stamp it, in the caller's transaction."""
    try:
        with transaction.atomic():
            result = _dispatch(record.payload)
    except DomainError as exc:
        # A refusal (unknown order state…) will not improve with a retry: record it.
        log.warning("webhook %s refused: %s", record.event_id, exc)
        result = f"refused: {exc.code}"
    record.processed_at = timezone.now()
    record.result = result[:200]
    if save:
        record.save(update_fields=["processed_at", "result"])
    return record.result


def webhook_process(*, event_id: int) -> str | None:
    """Apply one recorded event exactly once; None when it was already applied."""
    with transaction.atomic():
        # Waits for a run applying the same event, then finds it processed and leaves.
        record = (
            WebhookEvent.objects.select_for_update()
            .filter(pk=event_id, processed_at__isnull=True)
            .first()
        )
        return _apply(record) if record is not None else None


def _keys(record: WebhookEvent) -> set[str]:
    """Return what an event is about: its intent, the charge's intent, the order number."""
    data = record.payload.get("data") if isinstance(record.payload, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        return {f"event:{record.pk}"}  # malformed: about nothing we can tell, so alone
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    keys = {
        f"intent:{obj.get('id') or ''}",
        f"intent:{obj.get('payment_intent') or ''}",
        f"order:{metadata.get('order_number') or ''}",
    }
    return keys - {"intent:", "order:"}


def _apply_successes(records: list[WebhookEvent]) -> None:
    """Pay at once the batch's successes that concern nothing else in the batch.

    Such an event's effects do not depend on its place among the others, so applying them
    first, together, ends the same as one by one. Applied ones are stamped (not saved); the
    rest, and all of them if anything fails, are left for the one-by-one path.
    """
    keys = {record.pk: _keys(record) for record in records}
    seen: dict[str, int] = {}
    for record in records:
        for key in keys[record.pk]:
            seen[key] = seen.get(key, 0) + 1
    alone = [
        record
        for record in records
        if record.type == "payment_intent.succeeded"
        and all(seen[key] == 1 for key in keys[record.pk])
    ]
    if not alone:
        return
    try:
        with transaction.atomic():  # all of them or none
            intents = [
                stripe_client.intent_from_event_object(record.payload["data"]["object"])
                for record in alone
            ]
            results = payments_apply_succeeded(intents=intents)
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        log.exception("webhook batch: paying together failed; applying one by one")
        return
    now = timezone.now()
    for record, result in zip(alone, results, strict=True):
        if result is not None:
            record.processed_at = now
            record.result = result[:200]


def webhooks_process_pending(*, limit: int = DRAIN_LIMIT) -> tuple[int, bool]:
    """Apply recorded events in arrival order, a batch per transaction; answer (applied, more).

    Exactly once: the batch's events are locked (a parallel drain skips them) and stamped
    `processed_at` in the transaction of their effects. Plain successes are paid together;
    every other event runs in its own savepoint, so a refusal or a failure undoes that event
    only. A failure other than a passing one sets the event aside (`result` says why) for the
    reconciliation task; a passing one (database or broker) rolls the batch back for the task
    to retry.
    """
    done = 0
    while done < limit:
        with transaction.atomic():
            records = list(
                WebhookEvent.objects.select_for_update(skip_locked=True)
                .filter(processed_at__isnull=True, result="")
                .order_by("pk")[: min(DRAIN_BATCH, limit - done)]
            )
            if not records:
                return done, False
            _apply_successes(records)
            for record in records:
                if record.processed_at is not None:
                    continue
                try:
                    _apply(record, save=False)  # its savepoint undoes this event on any error
                except TRANSIENT_ERRORS:
                    raise
                except Exception as exc:
                    log.exception(
                        "webhook %s failed; set aside for reconciliation", record.event_id
                    )
                    record.processed_at = None
                    record.result = f"failed: {type(exc).__name__}"[:200]
            WebhookEvent.objects.bulk_update(records, ["processed_at", "result"])
        done += len(records)
    return done, True


def webhooks_sweep(*, older_than_seconds: int | None = None) -> int:
    """Drain the recorded events when one waits longer than its drain should take; how many.

    A drain lost with the broker, or taken by a worker that was killed, leaves events behind
    with no task to apply them; run every 15 s (beat), this applies them within a minute of
    the broker's return. Events set aside after a failure are the reconciliation's.
    """
    from django.conf import settings

    if older_than_seconds is None:
        older_than_seconds = settings.WEBHOOK_SWEEP_AFTER_SECONDS
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    waiting = WebhookEvent.objects.filter(
        processed_at__isnull=True, result="", received_at__lte=cutoff
    )
    if not waiting.exists():
        return 0
    applied, more = webhooks_process_pending()
    if more:
        _queue_processing()
    return applied


def webhooks_process_stale(*, older_than_minutes: int = 5, limit: int = 500) -> list[str]:
    """Apply the recorded events still unprocessed after a while (lost task, or set aside)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stale = WebhookEvent.objects.filter(processed_at__isnull=True, received_at__lte=cutoff)
    results = []
    for event_id in list(stale.order_by("pk").values_list("pk", flat=True)[:limit]):
        try:
            results.append(webhook_process(event_id=event_id) or "")
        except Exception:  # one bad event must not stop the others; it is tried next time
            log.exception("webhook event %s could not be processed", event_id)
    return results

"""Stripe webhooks: verified, recorded once by event id, then applied."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.errors import DomainError

from .. import stripe_client
from ..models import WebhookEvent
from .payments import payment_apply_failed, payment_apply_succeeded
from .refunds import refunds_record_from_charge

log = logging.getLogger(__name__)


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


def webhook_receive(*, payload: bytes, signature: str | None) -> WebhookEvent | None:
    """Verify and apply one webhook delivery; return None for an already-seen event id."""
    event = stripe_client.webhook_event(payload, signature)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    event_id=str(event["id"])[:100], type=str(event["type"])[:80], payload=event
                )
        except IntegrityError:
            return None
        try:
            with transaction.atomic():
                result = _dispatch(event)
        except DomainError as exc:
            # A refusal (unknown order state…) will not improve with Stripe's retries: record it.
            log.warning("webhook %s refused: %s", event["id"], exc)
            result = f"refused: {exc.code}"
        record.processed_at = timezone.now()
        record.result = result[:200]
        record.save(update_fields=["processed_at", "result"])
    return record

"""Orders that will not be paid: their PaymentIntent is cancelled; a success that still
arrives for one is refunded in full and the buyer told.

Why refund rather than revive the order: its pieces went back to stock when it was released
and may be sold already; the buyer saw it cancelled (and may have ordered again); a refund is
the same every time and can be retried safely, while a revival would depend on each line's
stock at that moment and leave a half-revived order when some of it is gone.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.core.emails import email_queue
from marketplace.core.queueing import task_named
from marketplace.orders.links import order_link
from marketplace.orders.models import OrderEvent
from marketplace.orders.status import OrderStatus

from .. import stripe_client
from ..errors import PaymentError, PaymentErrorCode
from ..models import Payment, Refund
from .refunds import refund_create

log = logging.getLogger(__name__)


def queue_late_refund(payment_id: int) -> None:
    """Have the worker refund a late payment (lost with the broker: the reconcile does it)."""
    task_named("payments.refund_late_payment").delay(payment_id)


def payment_cancel(*, order_id: int) -> Payment | None:
    """Cancel the PaymentIntent of an order that will not be paid (released or cancelled).

    Called outside every lock once the order is cancelled, so the buyer can no longer be
    charged for it. An intent Stripe will not cancel (it succeeded meanwhile) is left to its
    webhook, which refunds a success for a cancelled order.
    """
    payment = Payment.objects.filter(order_id=order_id).first()
    if payment is None or not payment.intent_id:
        return payment
    if payment.status in (Payment.Status.SUCCEEDED, Payment.Status.CANCELLED):
        return payment
    intent = stripe_client.intent_cancel(payment.intent_id)
    if intent is not None and intent["status"] == "canceled":
        Payment.objects.filter(pk=payment.pk, intent_id=intent["id"]).exclude(
            status=Payment.Status.SUCCEEDED
        ).update(status=Payment.Status.CANCELLED, updated_at=timezone.now())
        payment.refresh_from_db()
    return payment


def payment_refund_late(*, payment_id: int) -> list:
    """Refund in full a payment that arrived for an order already cancelled; tell the buyer.

    Idempotent: each shop order's refund carries a fixed key, and the e-mail is sent once.
    Does nothing once the order is not a cancelled, never-paid one.
    """
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    order = payment.order
    if payment.status != Payment.Status.SUCCEEDED:
        return []
    if order.status != OrderStatus.CANCELLED or order.paid_at is not None:
        return []
    refunds = []
    for shop_order_id in order.shop_orders.order_by("pk").values_list("pk", flat=True):
        try:
            refunds.append(
                refund_create(
                    shop_order_id=shop_order_id,
                    reason="paid after the order was cancelled",
                    idempotency_key=f"late:{payment.pk}:{shop_order_id}",
                )
            )
        except PaymentError as exc:
            if exc.code != PaymentErrorCode.NOTHING_TO_REFUND:
                raise
    if not any(refund.status == Refund.Status.SUCCEEDED for refund in refunds):
        return refunds
    language = order.language if order.language in {"ar", "fr", "en", "es"} else "fr"
    with transaction.atomic():
        email_queue(
            key=f"order:{order.number}:late-payment-refunded",
            kind="order_late_payment_refunded",
            to=order.email,
            template="order_late_payment_refunded",
            context={
                "order": order,
                "amount": sum((r.amount for r in refunds), Decimal("0")),
                "currency": payment.currency,
                "link": order_link(order.number, language),
            },
            language=language,
        )
        if not OrderEvent.objects.filter(order=order, kind="late_payment_refunded").exists():
            OrderEvent.objects.create(order=order, kind="late_payment_refunded")
    return refunds


def payments_refund_late_due() -> int:
    """Refund the late payments whose refund task was lost; answer how many were looked at."""
    due = Payment.objects.filter(
        status=Payment.Status.SUCCEEDED,
        order__status=OrderStatus.CANCELLED,
        order__paid_at__isnull=True,
    ).exclude(order__events__kind="late_payment_refunded")
    done = 0
    for payment_id in list(due.values_list("pk", flat=True)[:100]):
        try:
            payment_refund_late(payment_id=payment_id)
        except PaymentError as exc:
            log.warning("late refund of payment %s not made yet: %s", payment_id, exc)
        done += 1
    return done

"""Paying an order: one Payment and one live PaymentIntent per order, confirmed server-side."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.queueing import task_named
from marketplace.core.transactions import db_timeouts
from marketplace.orders.models import Order, OrderEvent
from marketplace.orders.status import OrderStatus

from .. import stripe_client
from ..errors import PaymentError, PaymentErrorCode
from ..models import Payment

log = logging.getLogger(__name__)

# Intent states in which a new card can still be attached and confirmed. An intent whose
# charge was declined is replaced: localstripe cannot re-confirm it, and a fresh intent is
# equally valid on real Stripe.
_REUSABLE = {"requires_payment_method", "requires_confirmation"}


def _orders():
    # The checkout engineer's services; imported late so both apps load in any order.
    from marketplace.orders import services

    return services


def _savepoint_if_nested():
    """Guard one INSERT that may collide: a savepoint inside a transaction, nothing outside.

    In autocommit a single statement is its own transaction; BEGIN and COMMIT around it would
    only add two round trips.
    """
    if transaction.get_connection().in_atomic_block:
        return transaction.atomic()
    return contextlib.nullcontext()


def _payable(order: Order) -> bool:
    return (
        order.payment_method == "card"  # a cash-on-delivery order is never paid by card
        and order.status == OrderStatus.PENDING_PAYMENT
        and not order.held_for_review
        and order.total > 0
    )


def payment_start(
    *, order_id: int, order: Order | None = None, just_placed: bool = False
) -> Payment:
    """Get or create the order's Payment and its PaymentIntent (safe to call twice).

    A caller that has just read or created the order passes it as `order` (saves a query);
    `just_placed` says the checkout created it a moment ago, so its Payment is created without
    looking for one first (a retried checkout's existing one is found after the collision).
    """
    if order is None or order.pk != order_id:
        order = Order.objects.get(pk=order_id)
    payment = None if just_placed else Payment.objects.filter(order=order).first()
    if payment is None and _payable(order):
        try:
            with _savepoint_if_nested():
                payment = Payment.objects.create(
                    order=order, amount=order.total, currency=order.currency
                )
        except IntegrityError:
            payment = None  # created in parallel, or before: read it below
    if payment is None:
        payment = Payment.objects.filter(order=order).first()
        if payment is None:
            raise PaymentError(PaymentErrorCode.ORDER_NOT_PAYABLE)
    if payment.intent_id or not _payable(order):
        return payment
    return _payment_new_intent(payment, replacing=None)


def payment_start_for_checkout(*, order: Order, just_placed: bool = False) -> Payment | None:
    """Create the Payment of an order just placed; its PaymentIntent follows in a task.

    Called inside the checkout's transaction: the Payment row commits with the order, and the
    PaymentIntent (a call to the provider: tens of ms to localstripe, hundreds to Stripe) is
    created after commit by the `payments.start_intent` task, so the request that placed the
    order never waits on the provider. The pay step (`payment_start`: the pay page, GET and
    POST orders/{number}/payment/) creates the intent itself if the task has not yet. Safe to
    call again (a retried checkout): answers the order's Payment. `just_placed`: the order was
    created in this transaction, so it has no Payment yet (no lookup, no savepoint). None when
    the order is not paid by card.
    """
    if not just_placed:
        # The checkout made it in this request (kept on the order), or a first attempt did.
        if Order.payment.related.is_cached(order):
            return order.payment
        existing = Payment.objects.filter(order=order).first()
        if existing is not None:
            return existing
    if not _payable(order):
        return None
    try:
        with contextlib.nullcontext() if just_placed else _savepoint_if_nested():
            payment = Payment.objects.create(
                order=order, amount=order.total, currency=order.currency
            )
    except IntegrityError:
        if just_placed:
            raise
        return Payment.objects.filter(order=order).first()
    order_id = order.pk
    transaction.on_commit(lambda: task_named("payments.start_intent").delay(order_id), robust=True)
    return payment


def _payment_new_intent(payment: Payment, *, replacing: str | None) -> Payment:
    """Create a fresh PaymentIntent and store it unless another request already did."""
    order = payment.order
    if replacing:
        stripe_client.intent_cancel(replacing)
    intent = stripe_client.intent_create(
        amount=payment.amount,
        currency=payment.currency,
        order_number=order.number,
        idempotency_key=f"souk-{order.number}-pi-after-{replacing or 'none'}",
    )
    # Compare and set in one statement: store ours only if nobody replaced `replacing` meanwhile.
    now = timezone.now()
    stored = Payment.objects.filter(pk=payment.pk, intent_id=replacing).update(
        intent_id=intent["id"],
        client_secret=intent["client_secret"],
        status=Payment.Status.CREATED,
        updated_at=now,
    )
    if stored:
        payment.intent_id = intent["id"]
        payment.client_secret = intent["client_secret"]
        payment.status = Payment.Status.CREATED
        payment.updated_at = now
        return payment
    current = Payment.objects.get(pk=payment.pk)
    # Lost a race with a parallel request (localstripe ignores idempotency keys): drop ours.
    if intent["id"] != current.intent_id:
        stripe_client.intent_cancel(intent["id"])
    return current


def _status_from_intent(intent: dict, current: str) -> str:
    status = intent["status"]
    if current == Payment.Status.SUCCEEDED:
        return current  # only the verified webhook (or reconciliation) decides success
    if status in ("succeeded", "processing", "requires_capture"):
        return Payment.Status.PROCESSING
    if status == "requires_action":
        return Payment.Status.REQUIRES_ACTION
    if status == "canceled":
        return Payment.Status.CANCELLED
    if intent["error_code"]:
        return Payment.Status.FAILED
    return Payment.Status.CREATED


def _payment_record(payment_id: int, intent: dict, *, error: str = "") -> Payment:
    with transaction.atomic(), db_timeouts():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.intent_id != intent["id"]:
            return payment
        payment.status = _status_from_intent(intent, payment.status)
        if error or intent["error_code"]:
            payment.last_error = (error or intent["error_code"])[:300]
        if intent["charge_id"]:
            payment.charge_id = intent["charge_id"]
        payment.save(update_fields=["status", "last_error", "charge_id", "updated_at"])
        return payment


def payment_confirm(*, order_id: int, payment_method_id: str) -> Payment:
    """Confirm the order's PaymentIntent with the card Stripe.js collected (may need 3-D Secure)."""
    payment = payment_start(order_id=order_id)
    with transaction.atomic(), db_timeouts():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        if payment.status in (Payment.Status.SUCCEEDED, Payment.Status.PROCESSING):
            return payment  # a double click: the first confirmation is under way
        if not _payable(payment.order):
            raise PaymentError(PaymentErrorCode.ORDER_NOT_PAYABLE)
        payment.status = Payment.Status.PROCESSING
        payment.save(update_fields=["status", "updated_at"])
    try:
        intent = stripe_client.intent_retrieve(payment.intent_id)
        if intent["status"] in ("succeeded", "processing"):
            return _payment_record(payment.pk, intent)
        if intent["status"] not in _REUSABLE or intent["charge_id"]:
            payment = _payment_new_intent(payment, replacing=payment.intent_id)
        intent = stripe_client.intent_confirm(
            intent_id=payment.intent_id,
            payment_method_id=payment_method_id,
            idempotency_key=f"souk-{payment.intent_id}-confirm-{payment_method_id}",
        )
    except PaymentError as exc:
        with transaction.atomic():
            Payment.objects.filter(pk=payment.pk).update(
                status=Payment.Status.FAILED,
                last_error=(exc.decline_code or exc.code)[:300],
                updated_at=timezone.now(),
            )
        raise
    return _payment_record(payment.pk, intent)


def payment_sync(*, order_id: int) -> Payment:
    """Refresh the Payment from Stripe after the browser's 3-D Secure step (never marks paid)."""
    payment = Payment.objects.select_related("order").get(order_id=order_id)
    if not payment.intent_id or payment.status == Payment.Status.SUCCEEDED:
        return payment
    intent = stripe_client.intent_retrieve(payment.intent_id)
    return _payment_record(payment.pk, intent)


def _payment_for_intent(intent: dict, *, lock: bool = False) -> Payment | None:
    payments = (
        Payment.objects.select_for_update().select_related("order") if lock else Payment.objects
    )
    payment = payments.filter(intent_id=intent["id"]).first()
    if payment is None and intent["metadata"].get("order_number"):
        payment = payments.filter(order__number=intent["metadata"]["order_number"]).first()
    return payment


_SUCCEEDED_FIELDS = [
    "status",
    "succeeded_at",
    "charge_id",
    "last_error",
    "amount_captured",
    "updated_at",
]


def _mark_succeeded(payment: Payment, intent: dict, now) -> None:
    payment.status = Payment.Status.SUCCEEDED
    payment.succeeded_at = payment.updated_at = now
    payment.charge_id = intent["charge_id"] or payment.charge_id
    payment.amount_captured = intent["amount"]  # the verified event's figure, not ours
    payment.last_error = ""


def payment_apply_succeeded(*, intent: dict) -> str:
    """Mark the order paid when Stripe's amount and currency match it; hold it otherwise."""
    orders = _orders()
    # No savepoint of its own when nested: nothing here catches an error and carries on, so
    # an error rolls back to the caller's savepoint (the webhook's) or the whole transaction.
    with transaction.atomic(savepoint=False):
        # Found and locked (with its order) in one statement.
        payment = _payment_for_intent(intent, lock=True)
        if payment is None:
            return "ignored: no payment for this intent"
        order = payment.order
        if intent["amount"] != order.total or intent["currency"] != order.currency:
            reason = (
                f"Stripe reported {intent['amount']} {intent['currency']} for "
                f"{order.total} {order.currency}"
            )
            payment.last_error = "amount_mismatch"
            payment.save(update_fields=["last_error", "updated_at"])
            orders.order_hold(order_id=order.pk, reason=reason)
            return "held: amount mismatch"
        if intent["id"] != payment.intent_id:
            if payment.status == Payment.Status.SUCCEEDED:
                orders.order_hold(
                    order_id=order.pk, reason=f"second successful payment {intent['id']}"
                )
                return "held: second payment"
            payment.intent_id = intent["id"]
        first_success = payment.status != Payment.Status.SUCCEEDED
        if first_success:
            _mark_succeeded(payment, intent, timezone.now())
            payment.save(update_fields=[*_SUCCEEDED_FIELDS, "intent_id"])
        if order.status == OrderStatus.CANCELLED and order.paid_at is None:
            # The card was charged for an order released or cancelled unpaid (its intent could
            # not be cancelled in time): the money goes back in full, after commit, outside
            # every lock, and the buyer is told (payment_refund_late).
            if first_success:
                OrderEvent.objects.create(
                    order=order,
                    kind="late_payment",
                    note=f"payment {payment.pk} after cancellation",
                )
            from .late import queue_late_refund

            transaction.on_commit(lambda: queue_late_refund(payment.pk), robust=True)
            return "refunding: paid after cancellation"
        if order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
            orders.order_hold(order_id=order.pk, reason="paid after the order was cancelled")
            return "held: paid after cancellation"
        changed = orders.order_mark_paid(order_id=order.pk, payment_id=payment.pk, order=order)
    return "paid" if changed else "already paid"


def payments_apply_succeeded(*, intents: list[dict]) -> list[str | None]:
    """Pay the orders of several succeeded intents at once; None where one needs the full path.

    Only the plain case is taken: the Payment found by its intent id, same amount and currency,
    not yet succeeded, its order awaiting payment and not held, one intent per Payment. It
    then does what payment_apply_succeeded does, in a fixed number of statements for all of
    them. The caller applies the others with payment_apply_succeeded.
    """
    results: list[str | None] = [None] * len(intents)
    with transaction.atomic(savepoint=False):
        # Locked with their orders, in pk order, as payment_apply_succeeded locks one.
        payments = {
            payment.intent_id: payment
            for payment in Payment.objects.select_for_update()
            .select_related("order")
            .filter(intent_id__in=[intent["id"] for intent in intents])
            .order_by("pk")
        }
        plain, seen = [], set()
        for index, intent in enumerate(intents):
            payment = payments.get(intent["id"])
            if payment is None or payment.pk in seen:
                continue
            order = payment.order
            if (
                intent["amount"] != order.total
                or intent["currency"] != order.currency
                or payment.status == Payment.Status.SUCCEEDED
                or order.status != OrderStatus.PENDING_PAYMENT
                or order.held_for_review
            ):
                continue
            seen.add(payment.pk)
            plain.append((index, intent, payment))
        if not plain:
            return results
        now = timezone.now()
        for _index, intent, payment in plain:
            _mark_succeeded(payment, intent, now)
        Payment.objects.bulk_update([payment for _i, _intent, payment in plain], _SUCCEEDED_FIELDS)
        changed = _orders().orders_mark_paid_locked(
            orders=[payment.order for _i, _intent, payment in plain],
            payment_ids={payment.order_id: payment.pk for _i, _intent, payment in plain},
        )
        for index, _intent, payment in plain:
            results[index] = "paid" if payment.order_id in changed else "already paid"
    return results


def payment_apply_failed(*, intent: dict) -> str:
    """Record a failed attempt (never undoes a success: events may arrive in any order)."""
    payment = _payment_for_intent(intent)
    if payment is None:
        return "ignored: no payment for this intent"
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.intent_id != intent["id"]:
            return "ignored: replaced intent"
        if payment.status == Payment.Status.SUCCEEDED:
            return "ignored: already succeeded"
        payment.status = Payment.Status.FAILED
        payment.last_error = (intent["error_code"] or "card_declined")[:300]
        payment.save(update_fields=["status", "last_error", "updated_at"])
    return "failure recorded"


def payments_reconcile(*, older_than_minutes: int = 5) -> int:
    """Ask Stripe about unpaid orders' intents and apply what it says; return how many got paid."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    candidates = Payment.objects.filter(
        order__status=OrderStatus.PENDING_PAYMENT,
        order__held_for_review=False,
        intent_id__isnull=False,
        created_at__lte=cutoff,
    ).order_by("pk")[:500]
    paid = 0
    for payment in candidates:
        try:
            intent = stripe_client.intent_retrieve(payment.intent_id)
        except PaymentError as exc:
            log.warning("reconcile: %s unreadable: %s", payment.intent_id, exc)
            continue
        if intent["status"] == "succeeded":
            if payment_apply_succeeded(intent=intent) == "paid":
                paid += 1
        else:
            _payment_record(payment.pk, intent)
    return paid

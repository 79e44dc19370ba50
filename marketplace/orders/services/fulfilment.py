"""A shop's steps (accept, ship, deliver, cancel, refuse) and the scheduled sweeps.

The state machine itself is in transitions.py, the payment marks and holds in payment_state.py.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.shipping.carriers import carrier_for
from marketplace.shipping.services import tracking_number_check

from .. import hooks
from ..errors import OrderError, OrderErrorCode
from ..models import Order, OrderEvent, OrderKind, ShopOrder
from ..status import BUYER_CANCELLABLE, OrderStatus
from ..status import ShopOrderStatus as S
from .payment_state import (
    order_hold,
    order_mark_confirmed,
    order_mark_paid,
    orders_mark_paid_locked,
)
from .transitions import _apply, _lock, _refresh_order_status, shop_order_transition

log = logging.getLogger(__name__)


def shop_order_refuse(*, shop_order_id: int, actor=None, reason: str = "") -> ShopOrder:
    """Record that the buyer refused a cash-on-delivery parcel: its pieces go back to stock."""
    reason = (reason or "").strip()[:300]
    return shop_order_transition(
        shop_order_id=shop_order_id,
        to_status=S.REFUSED,
        actor=actor,
        note=reason,
        cancel_reason=reason,
    )


def shop_order_accept(*, shop_order_id: int, actor) -> ShopOrder:
    """The shop accepts its paid part of an order."""
    return shop_order_transition(shop_order_id=shop_order_id, to_status=S.ACCEPTED, actor=actor)


def shop_order_ship(*, shop_order_id: int, actor, carrier: str, tracking_number: str) -> ShopOrder:
    """The shop hands its part to a carrier, with a tracking number of that carrier's format.

    `carrier` is a code of the carrier registry (marketplace.shipping.carriers), or a carrier's
    name as older clients send it ("Amana", "DHL"); the code is what is stored.
    """
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if not carrier or not tracking_number:
        raise OrderError(OrderErrorCode.MISSING_TRACKING)
    known = carrier_for(carrier)
    code, number = tracking_number_check(
        carrier=known.code if known else carrier, number=tracking_number
    )
    return shop_order_transition(
        shop_order_id=shop_order_id,
        to_status=S.SHIPPED,
        actor=actor,
        carrier=code,
        tracking_number=number[:80],
    )


def shop_order_deliver(*, shop_order_id: int, actor=None, note: str = "") -> ShopOrder:
    """Record that a shop's part reached the buyer (credits the shop in the ledger)."""
    return shop_order_transition(
        shop_order_id=shop_order_id, to_status=S.DELIVERED, actor=actor, note=note
    )


def shop_order_cancel(
    *, shop_order_id: int, actor, reason: str, by_buyer: bool = False
) -> ShopOrder:
    """Cancel a shop's part before it ships: stock returns and a paid part is refunded.

    `by_buyer`: only until the shop accepts it (BUYER_CANCELLABLE), checked under the lock, so
    a shop accepting at the same moment wins and the buyer gets NOT_CANCELLABLE.
    """
    reason = (reason or "").strip()[:300]
    with transaction.atomic():
        if by_buyer:
            order, locked = _lock(shop_order_id)
            # A commissioned piece's parts follow the commission's cancellation rules
            # (deposit kept once work started): they are cancelled through its page only.
            if locked.status not in BUYER_CANCELLABLE or order.kind != OrderKind.PURCHASE:
                raise OrderError(OrderErrorCode.NOT_CANCELLABLE)
        shop_order = shop_order_transition(
            shop_order_id=shop_order_id,
            to_status=S.CANCELLED,
            actor=actor,
            note=reason,
            cancel_reason=reason,
        )
    if shop_order.paid_at is not None:
        _refund_after_cancel(shop_order, actor=actor, reason=reason)
    elif shop_order.order.status == OrderStatus.CANCELLED:
        _cancel_payment(shop_order.order_id)  # nothing left to pay for
    return shop_order


def _cancel_payment(order_id: int) -> None:
    """Close the order's PaymentIntent so the card cannot be charged any more (best effort)."""
    try:
        hooks.payment_cancel(order_id=order_id)
    except Exception:  # a success that still arrives is refunded by the payments app
        log.exception("could not cancel the payment of order %s", order_id)


def _refund_after_cancel(shop_order: ShopOrder, *, actor, reason: str) -> None:
    """Ask payments for the full refund, outside every lock; a failure is recorded, not raised."""
    try:
        hooks.refund_create(
            shop_order_id=shop_order.pk,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason or "cancelled",
            idempotency_key=f"cancel:{shop_order.pk}",
        )
    except Exception as exc:  # the cancel stands; staff and reconciliation see the failure
        log.exception("refund after cancelling shop order %s failed", shop_order.pk)
        OrderEvent.objects.create(
            order_id=shop_order.order_id,
            shop_order=shop_order,
            kind="refund_failed",
            note=str(exc)[:300],
        )


def orders_release_unpaid(*, now: datetime | None = None) -> int:
    """Cancel orders unpaid after the timeout and return their stock; answer how many."""
    now = now or timezone.now()
    cutoff = now - settings.UNPAID_ORDER_TIMEOUT
    candidates = Order.objects.filter(
        status="pending_payment", created_at__lt=cutoff, held_for_review=False
    ).values_list("pk", flat=True)
    released = 0
    for order_id in list(candidates):
        if hooks.payment_in_flight(order_id):
            continue  # the webhook or the reconciliation decides this one
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            pending = list(
                ShopOrder.objects.select_for_update()
                .filter(order=order, status=S.PENDING_PAYMENT)
                .order_by("pk")
            )
            if order.paid_at is not None or not pending:
                continue  # another run or the payment got here first
            for shop_order in pending:
                shop_order.order = order
                _apply(
                    order,
                    shop_order,
                    S.CANCELLED,
                    actor=None,
                    note="not paid in time",
                    fields={"cancel_reason": "not paid in time"},
                    now=now,
                )
            _refresh_order_status(order)
        _cancel_payment(order_id)  # after commit, outside the locks: a call to Stripe
        released += 1
    return released


def orders_mark_delivered_due(*, now: datetime | None = None) -> int:
    """Mark delivered the parts shipped long enough ago with no hold or refund; answer how many."""
    now = now or timezone.now()
    cutoff = now - settings.AUTO_DELIVER_AFTER
    due = (
        ShopOrder.objects.filter(status=S.SHIPPED, shipped_at__lt=cutoff)
        .exclude(order__held_for_review=True)
        # A cash-on-delivery parcel is delivered when the courier reports the cash collected.
        .exclude(order__payment_method="cod")
        .exclude(refunds__isnull=False)
        .values_list("pk", flat=True)
    )
    done = 0
    for shop_order_id in list(due):
        try:
            shop_order_deliver(shop_order_id=shop_order_id, note="delivered (no dispute in time)")
        except OrderError:
            continue  # moved on meanwhile
        done += 1
    return done


# The transitions and payment marks live in transitions.py and payment_state.py; their public
# names are still importable from here.
__all__ = [
    "order_hold",
    "order_mark_confirmed",
    "order_mark_paid",
    "orders_mark_delivered_due",
    "orders_mark_paid_locked",
    "orders_release_unpaid",
    "shop_order_accept",
    "shop_order_cancel",
    "shop_order_deliver",
    "shop_order_refuse",
    "shop_order_ship",
    "shop_order_transition",
]

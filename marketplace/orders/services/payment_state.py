"""An order's payment state: paid, confirmed (cash on delivery), held for a person to review."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from ..errors import OrderError, OrderErrorCode
from ..hooks import shop_order_changed
from ..models import Order, OrderEvent, OrderLine, ShopOrder
from ..status import ShopOrderStatus as S
from ..status import can_transition, derive_order_status
from .notifications import notify_orders_paid
from .transitions import _actor, _apply, _refresh_order_status


def order_mark_paid(
    *, order_id: int, payment_id: int | None = None, order: Order | None = None
) -> bool:
    """Mark every part awaiting payment as paid and queue the e-mails; True if anything changed.

    A caller that already holds the order's row lock in this transaction (select_for_update)
    passes that row as `order`, sparing the lookup.
    """
    # No savepoint when nested (the payment's webhook): an error rolls back to the caller's.
    with transaction.atomic(savepoint=False):
        if order is None or order.pk != order_id:
            order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise OrderError(OrderErrorCode.NOT_FOUND)
        return bool(orders_mark_paid_locked(orders=[order], payment_ids={order.pk: payment_id}))


def orders_mark_paid_locked(*, orders: list[Order], payment_ids: dict[int, int | None]) -> set[int]:
    """Mark paid every part awaiting payment of orders the caller has locked; answer which changed.

    The same as order_mark_paid for each order, in a fixed number of statements for all of
    them (the webhook drain pays a batch at once). Runs in the caller's transaction, which
    holds each order's row lock (select_for_update).
    """
    now = timezone.now()
    # Every part, locked after its order as everywhere, with what the e-mails need: the
    # orders' statuses and the e-mails come from these rows without reading them again.
    all_parts = (
        ShopOrder.objects.select_for_update(of=("self",))
        .filter(order__in=[order.pk for order in orders])
        .order_by("order_id", "pk")
        .select_related("shop__artisan__user")
        .prefetch_related(Prefetch("lines", OrderLine.objects.order_by("pk")))
    )
    parts_of: dict[int, list[ShopOrder]] = defaultdict(list)
    for shop_order in all_parts:
        parts_of[shop_order.order_id].append(shop_order)
    paid, events, changed = [], [], set()
    for order in orders:
        parts = parts_of[order.pk]
        pending = [so for so in parts if so.status == S.PENDING_PAYMENT]
        if not pending:
            if order.paid_at is None and not order.held_for_review:
                # Money arrived for an order already released: a person must look at it.
                _hold(order, "payment received after the order was cancelled")
            continue
        for shop_order in pending:
            # the one table decides (a cash-on-delivery order is never "paid" by a card event)
            if not can_transition(shop_order.status, S.PAID, method=order.payment_method):
                raise OrderError(OrderErrorCode.FORBIDDEN_TRANSITION)
            events.append(
                OrderEvent(
                    order=order,
                    shop_order=shop_order,
                    kind="status",
                    from_status=shop_order.status,
                    to_status=S.PAID,
                )
            )
            shop_order.order = order
            shop_order.status = S.PAID
            shop_order.paid_at = shop_order.updated_at = now
        order.paid_at = order.updated_at = now
        order.status = derive_order_status([so.status for so in parts])
        payment_id = payment_ids.get(order.pk)
        events.append(
            OrderEvent(
                order=order, kind="payment", note=f"payment {payment_id}" if payment_id else ""
            )
        )
        paid.append((order, pending, parts))
        changed.add(order.pk)
    if not paid:
        return changed
    ShopOrder.objects.filter(pk__in=[so.pk for _o, pending, _p in paid for so in pending]).update(
        status=S.PAID, paid_at=now, updated_at=now
    )
    Order.objects.bulk_update(
        [order for order, _s, _p in paid], ["paid_at", "status", "updated_at"]
    )
    OrderEvent.objects.bulk_create(events)
    notify_orders_paid(paid)
    for _order, pending, _parts in paid:
        for shop_order in pending:
            shop_order_changed.send(
                sender=ShopOrder,
                shop_order=shop_order,
                from_status=S.PENDING_PAYMENT,
                to_status=S.PAID,
                actor=None,
            )
    return changed


def order_mark_confirmed(*, order_id: int, actor=None) -> bool:
    """Confirm a cash-on-delivery order's parts awaiting confirmation; True if anything changed.

    The shops see the order from now on and are told by e-mail in their own language; the
    buyer gets the confirmation. Runs in the caller's transaction when there is one (the code
    check in payments, which holds the order's lock).
    """
    now = timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise OrderError(OrderErrorCode.NOT_FOUND)
        parts = list(
            ShopOrder.objects.select_for_update(of=("self",))
            .filter(order=order)
            .select_related("shop__artisan__user")
            .prefetch_related(Prefetch("lines", OrderLine.objects.order_by("pk")))
            .order_by("pk")
        )
        pending = [so for so in parts if so.status == S.PENDING_PAYMENT]
        if not pending:
            return False
        for shop_order in pending:
            shop_order.order = order
            _apply(order, shop_order, S.CONFIRMED, actor=actor, note="", fields={}, now=now)
        _refresh_order_status(order)
        OrderEvent.objects.create(order=order, actor=_actor(actor), kind="cod_confirmed")
        notify_orders_paid([(order, pending, parts)], kind="confirmed")
    return True


def _hold(order: Order, reason: str) -> None:
    order.held_for_review = True
    order.hold_reason = reason[:200]
    order.save(update_fields=["held_for_review", "hold_reason", "updated_at"])
    OrderEvent.objects.create(order=order, kind="held", note=reason)


def order_hold(*, order_id: int, reason: str) -> None:
    """Hold an order for a person to review (payment mismatch, late payment)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise OrderError(OrderErrorCode.NOT_FOUND)
        if order.held_for_review and order.hold_reason == reason[:200]:
            return
        _hold(order, reason)

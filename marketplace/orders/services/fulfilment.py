"""The order state machine: payment, holds, per-shop transitions, cancellation, schedules."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from marketplace.catalogue.freshness import stock_changing
from marketplace.catalogue.models import Variant
from marketplace.shipping.carriers import carrier_for
from marketplace.shipping.services import tracking_number_check

from .. import hooks
from ..errors import OrderError, OrderErrorCode
from ..hooks import shop_order_changed
from ..models import Order, OrderEvent, OrderKind, OrderLine, ShopOrder
from ..status import BUYER_CANCELLABLE, OrderStatus, can_transition, derive_order_status
from ..status import ShopOrderStatus as S
from .notifications import notify_orders_paid, notify_shop_order_status

log = logging.getLogger(__name__)

_TIMESTAMPS = {
    S.PAID: "paid_at",
    S.CONFIRMED: "confirmed_at",
    S.ACCEPTED: "accepted_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "cancelled_at",
    S.REFUSED: "refused_at",
}
# Extra fields a transition may set (everything else on a shop order is not for callers).
_TRANSITION_FIELDS = {"carrier", "tracking_number", "cancel_reason"}
# The buyer hears about these steps of a shop's part.
_NOTIFY_BUYER = {S.ACCEPTED, S.SHIPPED, S.DELIVERED, S.CANCELLED, S.REFUNDED, S.REFUSED}
# Pieces not yet handed to a carrier go back to stock when the part ends early.
_STOCK_HELD = {S.PENDING_PAYMENT, S.PAID, S.CONFIRMED, S.ACCEPTED}


def _refresh_products_on_commit(product_ids: set[int]) -> None:
    """Recompute the in-stock summary of products whose stock crossed zero, after commit.

    Stock is not part of a product's search text, so the search index is left alone.
    """
    from marketplace.catalogue import services as catalogue_services

    def refresh():
        for product_id in sorted(product_ids):
            catalogue_services.product_refresh_summary(product_id=product_id)

    if product_ids:
        transaction.on_commit(refresh, robust=True)


def _return_stock(shop_order: ShopOrder) -> None:
    """Put a shop order's pieces back in stock (variants locked in pk order)."""
    wanted: dict[int, int] = defaultdict(int)
    for variant_id, quantity in shop_order.lines.values_list("variant_id", "quantity"):
        if variant_id:
            wanted[variant_id] += quantity
    variants = Variant.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    product_ids = set()
    for variant in variants:
        back = variant.stock + wanted[variant.pk]
        with stock_changing({variant.pk: (variant.product_id, variant.stock, back)}):
            Variant.objects.filter(pk=variant.pk).update(stock=F("stock") + wanted[variant.pk])
        if variant.stock <= 0:  # back in stock: the product's summary changes
            product_ids.add(variant.product_id)
    _refresh_products_on_commit(product_ids)


def _apply(order: Order, shop_order: ShopOrder, to_status: str, *, actor, note, fields, now):
    """Move one locked shop order to `to_status` and record the event (no order refresh)."""
    if not can_transition(shop_order.status, to_status, method=order.payment_method):
        raise OrderError(
            OrderErrorCode.FORBIDDEN_TRANSITION,
            current=S(shop_order.status).label,
            target=S(to_status).label if to_status in S.values else to_status,
        )
    unknown = set(fields) - _TRANSITION_FIELDS
    if unknown:
        raise TypeError(f"shop_order_transition() got unexpected fields {sorted(unknown)}")
    from_status = shop_order.status
    shop_order.status = to_status
    update = ["status", "updated_at", *fields]
    for key, value in fields.items():
        setattr(shop_order, key, value)
    if stamp := _TIMESTAMPS.get(to_status):
        setattr(shop_order, stamp, now)
        update.append(stamp)
    shop_order.save(update_fields=update)
    OrderEvent.objects.create(
        order=order,
        shop_order=shop_order,
        actor=actor if getattr(actor, "pk", None) else None,
        kind="status",
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    if to_status in (S.CANCELLED, S.REFUNDED) and from_status in _STOCK_HELD:
        _return_stock(shop_order)
    elif to_status == S.REFUSED:
        # The refused parcel comes back to the workshop: its pieces can be sold again. The
        # state machine allows this once (refused is final), under the order's lock.
        _return_stock(shop_order)
    shop_order_changed.send(
        sender=ShopOrder,
        shop_order=shop_order,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
    )


def _refresh_order_status(order: Order) -> None:
    statuses = list(ShopOrder.objects.filter(order=order).values_list("status", flat=True))
    status = derive_order_status(statuses)
    if status != order.status:
        order.status = status
        order.save(update_fields=["status", "updated_at"])


def _lock(shop_order_id: int) -> tuple[Order, ShopOrder]:
    """Lock the order, then the shop order (the one lock order used everywhere)."""
    order_id = ShopOrder.objects.filter(pk=shop_order_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise OrderError(OrderErrorCode.NOT_FOUND)
    order = Order.objects.select_for_update().get(pk=order_id)
    shop_order = ShopOrder.objects.select_for_update().get(pk=shop_order_id)
    shop_order.order = order
    return order, shop_order


def shop_order_transition(
    *, shop_order_id: int, to_status: str, actor=None, note: str = "", **fields
) -> ShopOrder:
    """Apply one allowed transition under a row lock, record it and queue the e-mail."""
    now = timezone.now()
    with transaction.atomic():
        order, shop_order = _lock(shop_order_id)
        _apply(order, shop_order, to_status, actor=actor, note=note, fields=fields, now=now)
        _refresh_order_status(order)
        if to_status == S.DELIVERED:
            hooks.ledger_record_delivery(shop_order_id=shop_order.pk)
        if to_status in _NOTIFY_BUYER:
            notify_shop_order_status(shop_order)
    return shop_order


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


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


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

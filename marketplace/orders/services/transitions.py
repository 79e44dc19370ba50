"""The shop-order state machine: one transition under the order's lock, its event, its stock."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from marketplace.catalogue.freshness import stock_changing
from marketplace.catalogue.models import Variant

from .. import hooks
from ..errors import OrderError, OrderErrorCode
from ..hooks import shop_order_changed
from ..models import Order, OrderEvent, ShopOrder
from ..status import ShopOrderStatus as S
from ..status import can_transition, derive_order_status
from .notifications import notify_shop_order_status

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


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None

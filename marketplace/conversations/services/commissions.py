"""A commissioned piece from deposit to delivery: progress, balance, shipping, cancellation.

Money moves only through the commission's two orders (payments' services: one Payment per
order, refunds capped per shop order, the ledger per shop order). Locks: the commission row
first, then (through the orders services) an order and its shop order; the orders app never
locks a commission (it only signals, and the commission follows after commit: commission_sync),
so the two never wait on each other in opposite orders. Refunds call Stripe after commit.

Ledger rule: the deposit is credited to the shop when the piece ships, or when the buyer
forfeits it, never when it is paid; the balance is credited on delivery like any shop order.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.core.money import quantize
from marketplace.orders.models import OrderEvent, OrderKind, ShopOrder
from marketplace.orders.services import order_place_custom, shop_order_transition
from marketplace.orders.status import ShopOrderStatus as S
from payments.services import ledger_record_delivery, refund_create

from ..errors import ConversationError, ConversationErrorCode
from ..models import Commission, Conversation, Message, Quote, Side
from ..selectors import FINAL, commission_cancel_terms, commission_for, commission_part
from .common import audit, check_not_banned, check_not_blocked, content_clean, photos_clean
from .messages import message_post_locked
from .quotes import quote_reopen_locked

log = logging.getLogger(__name__)
C = Commission.Status
WORKING = (C.DEPOSIT_PAID, C.IN_PROGRESS, C.AWAITING_BALANCE, C.BALANCE_PAID)


def _lock(commission_id: int) -> Commission:
    return (
        Commission.objects.select_for_update(of=("self",))
        .select_related("deposit_order", "balance_order", "quote")
        .get(pk=commission_id)
    )


def _event(commission: Commission, code: str, *, actor=None, now=None) -> None:
    conversation = Conversation.objects.select_for_update().get(pk=commission.conversation_id)
    message_post_locked(
        conversation,
        sender=actor,
        side=Side.SYSTEM,
        kind=Message.Kind.EVENT,
        text=code,
        commission=commission,
        now=now,
    )


def _shop_side(*, commission_id: int, actor) -> Commission:
    commission, access = commission_for(user=actor, commission_id=commission_id)
    if access.side != Side.SHOP:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    check_not_banned(actor)
    return commission


def commission_start_work(*, commission_id: int, actor, now=None) -> Commission:
    """The shop starts making the piece: from now on the buyer's deposit is at stake."""
    now = now or timezone.now()
    _shop_side(commission_id=commission_id, actor=actor)
    with transaction.atomic():
        commission = _lock(commission_id)
        if commission.status != C.DEPOSIT_PAID:
            raise ConversationError(ConversationErrorCode.WRONG_STATE)
        _start_locked(commission, actor=actor, now=now)
    return commission


def _start_locked(commission: Commission, *, actor, now) -> None:
    commission.status = C.IN_PROGRESS
    commission.work_started_at = now
    commission.save(update_fields=["status", "work_started_at", "updated_at"])
    _event(commission, "work_started", actor=actor, now=now)


def commission_post_progress(
    *, commission_id: int, actor, text: str = "", photos=(), now=None
) -> Message:
    """Post a progress update with photos; the first one starts the work."""
    now = now or timezone.now()
    text, photos = content_clean(text, photos)
    commission = _shop_side(commission_id=commission_id, actor=actor)
    cleaned = photos_clean(photos)
    with transaction.atomic():
        commission = _lock(commission.pk)
        if commission.status not in WORKING:
            raise ConversationError(ConversationErrorCode.WRONG_STATE)
        if commission.status == C.DEPOSIT_PAID:
            _start_locked(commission, actor=actor, now=now)
        conversation = Conversation.objects.select_for_update().get(pk=commission.conversation_id)
        check_not_blocked(conversation, Side.SHOP)
        return message_post_locked(
            conversation,
            sender=actor,
            side=Side.SHOP,
            kind=Message.Kind.PROGRESS,
            text=text,
            cleaned_photos=cleaned,
            commission=commission,
            now=now,
        )


def commission_mark_ready(*, commission_id: int, actor, now=None) -> Commission:
    """The piece is finished: the balance (and shipping) becomes payable as its own order."""
    now = now or timezone.now()
    _shop_side(commission_id=commission_id, actor=actor)
    with transaction.atomic():
        commission = _lock(commission_id)
        if commission.status not in (C.DEPOSIT_PAID, C.IN_PROGRESS):
            raise ConversationError(ConversationErrorCode.WRONG_STATE)
        buyer = commission.buyer
        order = order_place_custom(
            buyer=buyer,
            shop=commission.shop,
            kind=OrderKind.BALANCE,
            title=commission.title,
            amount_mad=commission.balance_mad,
            shipping_mad=commission.shipping_mad,
            currency=commission.currency,
            rate=commission.exchange_rate,
            ship=commission.ship,
            language=getattr(buyer, "language", "") or "fr",
            product_id=commission.conversation.product_id,
        )
        commission.balance_order = order
        commission.status = C.AWAITING_BALANCE
        commission.ready_at = now
        if commission.work_started_at is None:
            commission.work_started_at = now
        commission.save(
            update_fields=["balance_order", "status", "ready_at", "work_started_at", "updated_at"]
        )
        _event(commission, "ready", actor=actor, now=now)
    return commission


# --- cancelling ----------------------------------------------------------------------------------


def _cancel_part(shop_order: ShopOrder | None, *, actor, reason: str) -> bool:
    """Cancel one of the commission's shop orders; answer whether it was paid (to refund)."""
    if shop_order is None or shop_order.status not in (S.PENDING_PAYMENT, S.PAID, S.ACCEPTED):
        return False
    paid = shop_order.status != S.PENDING_PAYMENT
    shop_order_transition(
        shop_order_id=shop_order.pk,
        to_status=S.CANCELLED,
        actor=actor,
        note=reason,
        cancel_reason=reason,
    )
    return paid


def _refund(shop_order_id: int, *, actor, reason: str, amount=None) -> None:
    """Refund a cancelled part, outside every lock; a failure is recorded for staff, not raised."""
    try:
        refund_create(
            shop_order_id=shop_order_id,
            amount=amount,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason,
            idempotency_key=f"commission-cancel:{shop_order_id}",
        )
    except Exception as exc:  # the cancellation stands; staff see the failed refund
        log.exception("refund of commission part %s failed", shop_order_id)
        shop_order = ShopOrder.objects.get(pk=shop_order_id)
        OrderEvent.objects.create(
            order_id=shop_order.order_id,
            shop_order=shop_order,
            kind="refund_failed",
            note=str(exc)[:300],
        )


def _cancel_locked(commission: Commission, *, actor, outcome: str, reason: str, now) -> list[int]:
    """Cancel a locked commission's live parts; answer the paid shop orders to refund in full.

    With FORFEITED the deposit is not refunded but credited to the shop (minus commission).
    """
    deposit = commission_part(commission.deposit_order_id)
    balance = commission_part(commission.balance_order_id)
    to_refund = []
    deposit_paid = _cancel_part(deposit, actor=actor, reason=reason)
    if deposit_paid and outcome == Commission.Outcome.REFUNDED:
        to_refund.append(deposit.pk)
    if _cancel_part(balance, actor=actor, reason=reason):
        to_refund.append(balance.pk)  # the balance is always given back when cancelled
    if deposit_paid and outcome == Commission.Outcome.FORFEITED:
        ledger_record_delivery(shop_order_id=deposit.pk)
        commission.deposit_credited_at = now
    commission.status = C.CANCELLED
    commission.outcome = outcome
    commission.cancelled_at = now
    commission.cancelled_by = actor if getattr(actor, "pk", None) else None
    commission.cancel_reason = reason[:300]
    commission.save()
    _event(commission, f"cancelled_{outcome}", actor=actor, now=now)
    return to_refund


def commission_cancel(*, commission_id: int, actor, reason: str = "", now=None) -> Commission:
    """Cancel a commissioned piece by its buyer or its shop, under the rules above."""
    now = now or timezone.now()
    reason = str(reason or "").replace("\x00", "").strip()[:300]
    commission, access = commission_for(user=actor, commission_id=commission_id)
    if access.staff:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        commission = _lock(commission.pk)
        outcome = commission_cancel_terms(commission, access.side, now)
        if outcome is None:
            raise ConversationError(ConversationErrorCode.WRONG_STATE)
        who = "buyer" if access.side == Side.BUYER else "shop"
        to_refund = _cancel_locked(
            commission,
            actor=actor,
            outcome=outcome,
            reason=reason or f"commission cancelled by the {who}",
            now=now,
        )
    for shop_order_id in to_refund:
        _refund(shop_order_id, actor=actor, reason=commission.cancel_reason)
    return commission


def commission_decide(
    *, commission_id: int, actor, refund_percent: int, reason: str, now=None
) -> Commission:
    """A moderator ends a commission: this share of the deposit back to the buyer, the rest kept.

    The balance, if paid, is refunded in full. What the shop keeps of the deposit is credited
    after the refund, so the commission is taken on that part only. Audited.
    """
    now = now or timezone.now()
    if not getattr(actor, "is_staff", False):
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    if not isinstance(refund_percent, int) or not 0 <= refund_percent <= 100:
        raise ConversationError(
            ConversationErrorCode.QUOTE_INVALID, fields={"refund_percent": ["0 to 100"]}
        )
    reason = str(reason or "").strip()[:300]
    if not reason:
        raise ConversationError(
            ConversationErrorCode.QUOTE_INVALID, fields={"reason": ["required"]}
        )
    with transaction.atomic():
        commission = _lock(commission_id)
        if commission.status in FINAL:
            raise ConversationError(ConversationErrorCode.WRONG_STATE)
        deposit = commission_part(commission.deposit_order_id)
        deposit_paid = deposit.status in (S.PAID, S.ACCEPTED)
        to_refund = _cancel_locked(
            commission, actor=actor, outcome=Commission.Outcome.DECIDED, reason=reason, now=now
        )
        audit(
            actor=actor,
            action="commission.decide",
            obj=commission,
            changes={"deposit_refunded_percent": [None, str(refund_percent)]},
            reason=reason,
        )
    for shop_order_id in to_refund:
        _refund(shop_order_id, actor=actor, reason=reason)
    if deposit_paid and refund_percent:
        amount = None
        if refund_percent < 100:
            amount = quantize(
                deposit.total * Decimal(refund_percent) / Decimal(100), commission.currency
            )
        _refund(deposit.pk, actor=actor, reason=reason, amount=amount)
    if deposit_paid and refund_percent < 100:
        with transaction.atomic():
            ledger_record_delivery(shop_order_id=deposit.pk)
            Commission.objects.filter(pk=commission.pk).update(deposit_credited_at=now)
    return commission


# --- following the orders ------------------------------------------------------------------------


def commission_sync(*, commission_id: int, now=None) -> Commission:
    """Bring a commission up to date with its two orders (paid, shipped, delivered, cancelled).

    Called after commit whenever one of its shop orders changes (orders' shop_order_changed)
    and by a periodic sweep; idempotent, so a repeated or late call changes nothing more.
    """
    now = now or timezone.now()
    to_refund: list[int] = []
    with transaction.atomic():
        commission = _lock(commission_id)
        deposit = commission_part(commission.deposit_order_id)
        balance = commission_part(commission.balance_order_id)
        if commission.status == C.AWAITING_DEPOSIT and deposit is not None:
            if deposit.paid_at is not None and deposit.status in (S.PAID, S.ACCEPTED):
                commission.status = C.DEPOSIT_PAID
                commission.deposit_paid_at = deposit.paid_at
                commission.due_at = deposit.paid_at + timedelta(days=commission.lead_time_days)
                commission.save()
                _event(commission, "deposit_paid", now=now)
            elif deposit.status == S.CANCELLED:
                commission.status = C.LAPSED
                commission.save(update_fields=["status", "updated_at"])
                quote = Quote.objects.select_for_update().get(pk=commission.quote_id)
                quote_reopen_locked(quote)
                _event(commission, "lapsed", now=now)
        if balance is not None and commission.status not in (C.CANCELLED, C.LAPSED):
            if commission.status == C.AWAITING_BALANCE and balance.paid_at is not None:
                commission.status = C.BALANCE_PAID
                commission.balance_paid_at = balance.paid_at
                commission.save(update_fields=["status", "balance_paid_at", "updated_at"])
                _event(commission, "balance_paid", now=now)
            if balance.status in (S.SHIPPED, S.DELIVERED) and commission.shipped_at is None:
                # The piece left the workshop: now, and not before, the deposit is the shop's.
                ledger_record_delivery(shop_order_id=deposit.pk)
                commission.status = C.SHIPPED
                commission.shipped_at = balance.shipped_at or now
                commission.deposit_credited_at = now
                commission.save()
                _event(commission, "shipped", now=now)
            if balance.status == S.DELIVERED and commission.status == C.SHIPPED:
                commission.status = C.DELIVERED
                commission.delivered_at = balance.delivered_at or now
                commission.save(update_fields=["status", "delivered_at", "updated_at"])
                _event(commission, "delivered", now=now)
            if balance.status == S.CANCELLED and commission.status not in FINAL:
                # The shop cancelled the balance through the normal order pages: the buyer
                # gets everything back, as when the shop cancels here.
                to_refund = _cancel_locked(
                    commission,
                    actor=None,
                    outcome=Commission.Outcome.REFUNDED,
                    reason=balance.cancel_reason or "cancelled by the shop",
                    now=now,
                )
    for shop_order_id in to_refund:
        _refund(shop_order_id, actor=None, reason=commission.cancel_reason)
    return commission


def commissions_sync_order(*, order_id: int) -> None:
    """Sync the commission an order belongs to (as its deposit or its balance), if any."""
    for pk in Commission.objects.filter(deposit_order_id=order_id).values_list("pk", flat=True):
        commission_sync(commission_id=pk)
    for pk in Commission.objects.filter(balance_order_id=order_id).values_list("pk", flat=True):
        commission_sync(commission_id=pk)


def commissions_sync_open() -> int:
    """Sync every commission not yet finished (the sweep behind a lost after-commit call)."""
    ids = list(
        Commission.objects.exclude(status__in=(C.DELIVERED, C.CANCELLED, C.LAPSED))
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    for pk in ids:
        try:
            commission_sync(commission_id=pk)
        except Exception:  # one bad row must not stop the others; tried again next time
            log.exception("commission %s could not be synced", pk)
    return len(ids)

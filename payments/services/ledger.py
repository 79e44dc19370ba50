"""The commission ledger (MAD, signed from the shop's side) and the payouts grouped from it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from artisans.models import Shop
from marketplace.core.audit import audit_record
from marketplace.core.money import quantize
from marketplace.orders.models import ShopOrder

from ..errors import PaymentError, PaymentErrorCode
from ..models import LedgerEntry, Payout, Refund


def _hold() -> timedelta:
    return timedelta(days=getattr(settings, "PAYOUT_HOLD_DAYS", 14))


def ledger_record_delivery(*, shop_order_id: int) -> None:
    """Credit the shop its sale and debit the platform's commission for a delivered shop order.

    Commission is taken on what the buyer finally paid: refunds made before delivery lower
    its base and are debited here; refunds after delivery are debited when they happen.
    Idempotent: a second call changes nothing. A cash-on-delivery part is credited when the
    courier's cash is received (services/cod_cash.py), never at delivery.
    """
    with transaction.atomic():
        shop_order = ShopOrder.objects.select_for_update().get(pk=shop_order_id)
        if shop_order.order.payment_method == "cod":
            return
        if LedgerEntry.objects.filter(shop_order=shop_order, kind=LedgerEntry.Kind.SALE).exists():
            return
        now = timezone.now()
        available_at = now + _hold()
        refunds = list(
            Refund.objects.filter(
                shop_order=shop_order, status=Refund.Status.SUCCEEDED, ledger_entries__isnull=True
            ).order_by("pk")
        )
        refunded_mad = sum((r.amount_mad for r in refunds), Decimal("0"))
        commission = quantize(
            (shop_order.total_mad - refunded_mad) * shop_order.commission_rate, "MAD"
        )
        common = {"shop_id": shop_order.shop_id, "shop_order": shop_order}
        LedgerEntry.objects.create(
            kind=LedgerEntry.Kind.SALE,
            amount_mad=shop_order.total_mad,
            available_at=available_at,
            **common,
        )
        LedgerEntry.objects.create(
            kind=LedgerEntry.Kind.COMMISSION,
            amount_mad=-commission,
            available_at=available_at,
            **common,
        )
        for refund in refunds:
            LedgerEntry.objects.create(
                kind=LedgerEntry.Kind.REFUND,
                amount_mad=-refund.amount_mad,
                refund=refund,
                available_at=now,
                **common,
            )


def payouts_create_due(*, now=None) -> list[Payout]:
    """Group each shop's due (past the holding period) positive balance into a MAD payout."""
    now = now or timezone.now()
    due = (
        LedgerEntry.objects.filter(payout__isnull=True, available_at__lte=now)
        .exclude(kind=LedgerEntry.Kind.PAYOUT)
        .values("shop_id")
        .annotate(total=Sum("amount_mad"))
        .filter(total__gt=0)
        .order_by("shop_id")
    )
    payouts = []
    for row in due:
        with transaction.atomic():
            shop = Shop.objects.select_for_update().get(pk=row["shop_id"])
            if shop.payouts_paused:
                continue
            entries = (
                LedgerEntry.objects.select_for_update()
                .filter(shop=shop, payout__isnull=True, available_at__lte=now)
                .exclude(kind=LedgerEntry.Kind.PAYOUT)
            )
            ids = list(entries.order_by("pk").values_list("pk", flat=True))
            total = LedgerEntry.objects.filter(pk__in=ids).aggregate(s=Sum("amount_mad"))["s"]
            # SQLite sums decimals as floats: round back to the cent.
            total = quantize(total or Decimal("0"), "MAD")
            if total <= 0:
                continue  # a negative balance (refund after payout) waits for new sales
            payout = Payout.objects.create(
                shop=shop, amount_mad=total, holder=shop.payout_holder, rib=shop.payout_rib
            )
            LedgerEntry.objects.filter(pk__in=ids).update(payout=payout)
            LedgerEntry.objects.create(
                shop=shop,
                kind=LedgerEntry.Kind.PAYOUT,
                amount_mad=-total,
                payout=payout,
                available_at=now,
            )
            payouts.append(payout)
    return payouts


def payout_settle(*, payout_id: int, actor, reference: str = "") -> Payout:
    """Mark a payout paid by bank transfer (staff), with the transfer's reference."""

    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        if payout.status == Payout.Status.HELD:
            raise PaymentError(PaymentErrorCode.PAYOUT_HELD)
        if payout.status != Payout.Status.PENDING:
            raise PaymentError(PaymentErrorCode.PAYOUT_NOT_PENDING)
        payout.status = Payout.Status.SETTLED
        payout.settled_at = timezone.now()
        payout.settled_by = actor
        payout.reference = reference[:60]
        payout.save()
        audit_record(
            actor=actor,
            action="payout_settle",
            obj=payout,
            changes={"status": ["pending", "settled"], "reference": ["", payout.reference]},
            reason="",
        )
    return payout


def payouts_hold_for_details_change(*, shop: Shop, actor) -> list[Payout]:
    """Hold a shop's payouts not yet paid whose bank details differ from the shop's new ones.

    Called in the transaction that changed the details (the shop's row is locked). Answers
    the payouts held, for the e-mail to the shop's people.
    """

    held = []
    pending = (
        Payout.objects.select_for_update()
        .filter(shop_id=shop.pk, status=Payout.Status.PENDING)
        .order_by("pk")
    )
    for payout in pending:
        if (payout.rib, payout.holder) == (shop.payout_rib, shop.payout_holder):
            continue
        payout.status = Payout.Status.HELD
        payout.hold_reason = "bank details changed while the payout was due"
        payout.save(update_fields=["status", "hold_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="payout_hold",
            obj=payout,
            changes={"status": ["pending", "held"]},
            reason=payout.hold_reason,
        )
        held.append(payout)
    return held


def payout_release(*, payout_id: int, actor, use_current_details: bool) -> Payout:
    """Release a held payout after staff checked the change with the shop (audited).

    `use_current_details`: pay the shop's bank details as they are now (the change was
    confirmed); otherwise pay the ones the payout was made with.
    """

    with transaction.atomic():
        payout = Payout.objects.select_for_update().select_related("shop").get(pk=payout_id)
        if payout.status != Payout.Status.HELD:
            raise PaymentError(PaymentErrorCode.PAYOUT_NOT_HELD)
        changes = {"status": ["held", "pending"]}
        if use_current_details:
            shop = payout.shop
            changes["rib"] = [f"…{payout.rib[-4:]}", f"…{shop.payout_rib[-4:]}"]
            payout.holder, payout.rib = shop.payout_holder, shop.payout_rib
        payout.status = Payout.Status.PENDING
        payout.hold_reason = ""
        payout.save(update_fields=["status", "hold_reason", "holder", "rib", "updated_at"])
        audit_record(
            actor=actor,
            action="payout_release",
            obj=payout,
            changes=changes,
            reason="new bank details confirmed" if use_current_details else "original details",
        )
    return payout

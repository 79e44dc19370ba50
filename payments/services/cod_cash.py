"""The courier's cash: parcels delivered, cash received (by file or by hand), refusals.

A cash-on-delivery shop order credits its shop only when the courier's cash is received
(a CodCashReceipt, made by `cod_cash_record` or a remittance file row): the sale, less the
commission on the pieces and shipping and the platform's part of the COD fee. An amount that
does not match what the buyer owed is flagged, never credited. Payouts group ledger entries,
so cash not yet received is never paid out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.core.money import quantize
from marketplace.orders.models import Order, OrderEvent, ShopOrder
from marketplace.orders.services import shop_order_deliver, shop_order_refuse
from marketplace.orders.status import ShopOrderStatus as S

from ..errors import CodError, CodErrorCode
from ..models import (
    CodCashReceipt,
    CodConfirmation,
    CodRefusal,
    CodShopTerms,
    LedgerEntry,
    ReturnCostPayer,
)
from .ledger import _hold


def cod_amount_parse(raw) -> Decimal:
    """Read an amount in MAD ("450", "450.00", "450,00"); refuse anything else (400)."""
    text = str(raw if raw is not None else "").strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise CodError(CodErrorCode.BAD_AMOUNT) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e9"):
        raise CodError(CodErrorCode.BAD_AMOUNT)
    if amount != amount.quantize(Decimal("0.01")):
        raise CodError(CodErrorCode.BAD_AMOUNT)
    return amount.quantize(Decimal("0.01"))


def _lock_cod(shop_order_id: int) -> ShopOrder:
    """Lock the order then the shop order (the orders app's lock order); refuse a card order."""
    order_id = ShopOrder.objects.filter(pk=shop_order_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise CodError(CodErrorCode.NOT_COD)
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.payment_method != "cod":
        raise CodError(CodErrorCode.NOT_COD)
    shop_order = ShopOrder.objects.select_for_update().get(pk=shop_order_id)
    shop_order.order = order
    return shop_order


def cod_delivered_mark(*, shop_order_id: int, actor=None, note: str = "") -> ShopOrder:
    """Record the courier's word that it delivered the parcel and collected the cash."""
    with transaction.atomic():
        _lock_cod(shop_order_id)
        return shop_order_deliver(
            shop_order_id=shop_order_id, actor=actor, note=note or "cash collected by the courier"
        )


def _credit(shop_order: ShopOrder, *, now) -> Decimal:
    """Write the ledger of a COD shop order whose cash arrived; answer what the shop gets."""
    available_at = now + _hold()
    base = shop_order.total_mad - shop_order.cod_fee_mad  # pieces and shipping
    commission = quantize(base * shop_order.commission_rate, "MAD")
    platform_fee = quantize(shop_order.cod_fee_mad * (1 - settings.COD_FEE_SHOP_SHARE), "MAD")
    common = {"shop_id": shop_order.shop_id, "shop_order": shop_order, "available_at": available_at}
    entries = [LedgerEntry(kind=LedgerEntry.Kind.SALE, amount_mad=shop_order.total_mad, **common)]
    entries.append(LedgerEntry(kind=LedgerEntry.Kind.COMMISSION, amount_mad=-commission, **common))
    if platform_fee:
        entries.append(
            LedgerEntry(kind=LedgerEntry.Kind.COD_FEE, amount_mad=-platform_fee, **common)
        )
    LedgerEntry.objects.bulk_create(entries)
    return shop_order.total_mad - commission - platform_fee


def cod_cash_receive(
    *, shop_order_id: int, amount, collected_on=None, remittance=None, actor=None
) -> CodCashReceipt:
    """Record the cash the courier remitted for one parcel and credit the shop (atomic).

    Refused (nothing changes): not a COD part, not shipped or delivered, already received,
    an unreadable amount, or an amount other than what the buyer owed (AMOUNT_MISMATCH, which
    a remittance file flags for a person).
    """
    amount = cod_amount_parse(amount)
    now = timezone.now()
    with transaction.atomic():
        shop_order = _lock_cod(shop_order_id)
        if CodCashReceipt.objects.filter(shop_order=shop_order).exists():
            raise CodError(CodErrorCode.ALREADY_RECEIVED)
        if shop_order.status not in (S.SHIPPED, S.DELIVERED):
            raise CodError(CodErrorCode.WRONG_STATE, status=S(shop_order.status).label)
        if amount != shop_order.total_mad:
            raise CodError(
                CodErrorCode.AMOUNT_MISMATCH, amount=amount, expected=shop_order.total_mad
            )
        if shop_order.status == S.SHIPPED:
            shop_order_deliver(
                shop_order_id=shop_order.pk, actor=actor, note="cash collected by the courier"
            )
        receipt = CodCashReceipt.objects.create(
            shop_order=shop_order,
            amount_mad=amount,
            collected_on=collected_on,
            remittance=remittance,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        _credit(shop_order, now=now)
        # The money is in: the part counts as paid from now on (sales figures, refunds).
        ShopOrder.objects.filter(pk=shop_order.pk).update(paid_at=now)
        OrderEvent.objects.create(
            order=shop_order.order,
            shop_order=shop_order,
            actor=actor if getattr(actor, "pk", None) else None,
            kind="cod_cash_received",
            note=f"{amount} MAD" + (f" (remittance {remittance.pk})" if remittance else ""),
        )
    return receipt


def cod_cash_record(
    *, shop_order_id: int, amount, actor, collected_on: dt.date | None = None
) -> CodCashReceipt:
    """Staff record by hand the cash received for one parcel (same checks as a file row)."""
    return cod_cash_receive(
        shop_order_id=shop_order_id, amount=amount, collected_on=collected_on, actor=actor
    )


def _return_terms(shop_id: int) -> tuple[Decimal, str]:
    terms = CodShopTerms.objects.filter(shop_id=shop_id).first()
    cost = settings.COD_RETURN_COST_MAD
    payer = settings.COD_RETURN_COST_PAYER
    if terms is not None:
        if terms.return_cost_mad is not None:
            cost = terms.return_cost_mad
        payer = terms.return_cost_payer or payer
    if payer not in ReturnCostPayer.values:
        payer = ReturnCostPayer.PLATFORM
    return cost, payer


def cod_refusal_record(*, shop_order_id: int, actor=None, reason: str = "") -> CodRefusal:
    """Record a refused or returned parcel: stock back (once), the refusal counted, its cost.

    The return cost follows the shop's terms or the platform's policy: borne by the shop, it
    is debited from its balance; borne by the platform, the shop's balance is untouched.
    """
    reason = (reason or "").strip()[:300] or "refused at delivery"
    now = timezone.now()
    with transaction.atomic():
        shop_order = _lock_cod(shop_order_id)
        if shop_order.status != S.SHIPPED:
            raise CodError(CodErrorCode.WRONG_STATE, status=S(shop_order.status).label)
        shop_order_refuse(shop_order_id=shop_order.pk, actor=actor, reason=reason)
        order = shop_order.order
        confirmation = CodConfirmation.objects.filter(order=order).first()
        cost, payer = _return_terms(shop_order.shop_id)
        refusal = CodRefusal.objects.create(
            shop_order=shop_order,
            order=order,
            phone=confirmation.phone if confirmation else order.ship_phone[:20],
            buyer_id=order.buyer_id,
            return_cost_mad=cost,
            return_cost_payer=payer,
            reason=reason,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        if payer == ReturnCostPayer.SHOP and cost > 0:
            LedgerEntry.objects.create(
                shop_id=shop_order.shop_id,
                shop_order=shop_order,
                kind=LedgerEntry.Kind.RETURN_COST,
                amount_mad=-cost,
                available_at=now,
            )
    return refusal

"""Refunds: reserved under the shop order's row lock, sent to Stripe outside it, recorded once."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.core.audit import audit_record
from marketplace.core.money import quantize
from marketplace.core.transactions import db_timeouts
from marketplace.orders.models import Order, ShopOrder
from marketplace.orders.services import shop_order_refund_record

from .. import stripe_client
from ..errors import PaymentError, PaymentErrorCode
from ..models import LedgerEntry, Payment, Refund
from ..selectors import payment_captured, payment_refunded, shop_order_refunded


def _ledger_refund_entry(refund: Refund) -> None:
    """Debit the shop for a refund once its sale is on the ledger (else delivery accounts it)."""
    has_sale = LedgerEntry.objects.filter(
        shop_order_id=refund.shop_order_id, kind=LedgerEntry.Kind.SALE
    ).exists()
    if has_sale and not refund.ledger_entries.exists():
        LedgerEntry.objects.create(
            shop_id=refund.shop_order.shop_id,
            shop_order_id=refund.shop_order_id,
            refund=refund,
            kind=LedgerEntry.Kind.REFUND,
            amount_mad=-refund.amount_mad,
            available_at=timezone.now(),
        )


def _return_stock(shop_order: ShopOrder) -> None:
    from marketplace.catalogue.freshness import stock_changing
    from marketplace.catalogue.models import Variant

    lines = list(shop_order.lines.filter(variant__isnull=False).order_by("variant_id"))
    product_ids = set()
    before = dict(
        Variant.objects.filter(pk__in=[ln.variant_id for ln in lines]).values_list("pk", "stock")
    )
    for line in lines:
        had = before.get(line.variant_id, 0)
        before[line.variant_id] = had + line.quantity
        with stock_changing({line.variant_id: (line.product_id, had, had + line.quantity)}):
            Variant.objects.filter(pk=line.variant_id).update(stock=F("stock") + line.quantity)
        product_ids.add(line.product_id)
    if product_ids:
        from marketplace.catalogue.services import product_refresh_summary

        for product_id in sorted(p for p in product_ids if p):
            transaction.on_commit(lambda pid=product_id: product_refresh_summary(product_id=pid))


def refund_create(
    *,
    shop_order_id: int,
    amount: Decimal | None = None,
    actor=None,
    reason: str = "",
    idempotency_key: str | None = None,
    return_stock: bool = False,
) -> Refund:
    """Refund part (or, with amount None, all that is left) of a shop order's payment.

    Capped twice, under the payment's row lock: by what is left of the shop order's total, and
    by what the provider actually captured less every refund made on that payment (so an
    edited total can never refund more than was paid).
    """
    order_id = ShopOrder.objects.filter(pk=shop_order_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise PaymentError(PaymentErrorCode.NOT_PAID, status=404)
    with transaction.atomic(), db_timeouts():
        # The lock order used everywhere: payment, then order, then shop order.
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .filter(order_id=order_id, status=Payment.Status.SUCCEEDED)
            .first()
        )
        Order.objects.select_for_update().get(pk=order_id)
        shop_order = (
            ShopOrder.objects.select_for_update(of=("self",))
            .select_related("order")
            .get(pk=shop_order_id)
        )
        if idempotency_key:
            existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        if payment is None:
            raise PaymentError(PaymentErrorCode.NOT_PAID)
        currency = shop_order.order.currency
        if payment.currency != currency:
            raise PaymentError(PaymentErrorCode.REFUND_TOO_LARGE)
        refunded, refunded_mad = shop_order_refunded(shop_order_id=shop_order.pk)
        left_here = shop_order.total - refunded
        left_paid = payment_captured(payment) - payment_refunded(payment_id=payment.pk)
        remaining = min(left_here, left_paid)
        remaining_mad = shop_order.total_mad - refunded_mad
        if remaining <= 0:
            raise PaymentError(PaymentErrorCode.NOTHING_TO_REFUND)
        if amount is None:
            amount = remaining
        else:
            amount = quantize(Decimal(amount), currency)
            if amount <= 0:
                raise PaymentError(
                    PaymentErrorCode.REFUND_TOO_LARGE, fields={"amount": ["positive"]}, status=400
                )
            if amount > remaining:
                raise PaymentError(
                    PaymentErrorCode.REFUND_TOO_LARGE, fields={"amount": [f"{remaining}"]}
                )
        if amount == left_here:
            amount_mad = remaining_mad
        else:
            amount_mad = min(
                quantize(amount * shop_order.total_mad / shop_order.total, "MAD"), remaining_mad
            )
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    payment=payment,
                    shop_order=shop_order,
                    amount=amount,
                    currency=currency,
                    amount_mad=amount_mad,
                    idempotency_key=idempotency_key or f"refund-{uuid.uuid4().hex}",
                    reason=reason[:300],
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            return Refund.objects.get(idempotency_key=idempotency_key)
        if actor is not None and getattr(actor, "pk", None):
            audit_record(
                actor=actor,
                action="refund_create",
                obj=shop_order,
                changes={"amount": [None, f"{amount} {currency}"]},
                reason=reason,
            )
    # The amount is reserved (a pending refund counts); Stripe is called without any lock held.
    try:
        answer = stripe_client.refund_create(
            intent_id=payment.intent_id,
            amount=amount,
            currency=currency,
            idempotency_key=refund.idempotency_key,
            metadata={"souk_refund": str(refund.pk), "order_number": shop_order.order.number},
        )
    except PaymentError:
        Refund.objects.filter(pk=refund.pk).update(
            status=Refund.Status.FAILED, updated_at=timezone.now()
        )
        raise
    with transaction.atomic():
        ShopOrder.objects.select_for_update().get(pk=shop_order_id)
        refund = Refund.objects.select_for_update().select_related("shop_order").get(pk=refund.pk)
        refund.provider_refund_id = answer["id"]
        refund.status = (
            Refund.Status.FAILED
            if answer["status"] in ("failed", "canceled")
            else Refund.Status.SUCCEEDED
        )
        refund.save(update_fields=["provider_refund_id", "status", "updated_at"])
        if refund.status == Refund.Status.SUCCEEDED:
            _ledger_refund_entry(refund)
            # The buyer sees it: the part's new total, a timeline entry, an e-mail.
            shop_order_refund_record(
                shop_order_id=shop_order_id,
                amount=refund.amount,
                key=f"r{refund.pk}",
                actor=refund.created_by,
            )
            if (
                return_stock
                and shop_order_refunded(shop_order_id=shop_order_id)[0] >= refund.shop_order.total
            ):
                _return_stock(refund.shop_order)
    return refund


def refunds_record_from_charge(*, charge: dict) -> str:
    """Record refunds Stripe reports on a charge that we did not make ourselves (dashboard)."""
    intent_id = charge.get("payment_intent")
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id")
    payment = Payment.objects.filter(intent_id=intent_id).select_related("order").first()
    if payment is None:
        return "ignored: unknown charge"
    currency = str(charge.get("currency", payment.currency)).upper()
    refunds = (charge.get("refunds") or {}).get("data") or []
    recorded = 0
    for item in refunds:
        if item.get("status") in ("failed", "canceled"):
            continue
        if (item.get("metadata") or {}).get("souk_refund"):
            continue  # ours: recorded from the API answer
        if Refund.objects.filter(provider_refund_id__startswith=item["id"]).exists():
            continue
        amount = stripe_client.from_minor(item["amount"], currency)
        recorded += _record_external_refund(payment, item["id"], amount)
    return f"recorded {recorded} refund(s)"


def _record_external_refund(payment: Payment, provider_id: str, amount: Decimal) -> int:
    """Spread a refund made outside Souk over the order's shop orders, in pk order."""
    created = 0
    with transaction.atomic():
        shop_orders = list(
            ShopOrder.objects.select_for_update().filter(order_id=payment.order_id).order_by("pk")
        )
        if Refund.objects.filter(provider_refund_id__startswith=provider_id).exists():
            return 0
        left = amount
        for index, shop_order in enumerate(shop_orders):
            if left <= 0:
                break
            refunded, refunded_mad = shop_order_refunded(shop_order_id=shop_order.pk)
            room = shop_order.total - refunded
            if room <= 0:
                continue
            part = min(room, left)
            part_mad = (
                shop_order.total_mad - refunded_mad
                if part == room
                else quantize(part * shop_order.total_mad / shop_order.total, "MAD")
            )
            refund = Refund.objects.create(
                payment=payment,
                shop_order=shop_order,
                amount=part,
                currency=payment.currency,
                amount_mad=part_mad,
                provider_refund_id=provider_id if index == 0 else f"{provider_id}#{shop_order.pk}",
                status=Refund.Status.SUCCEEDED,
                reason="Refunded outside Souk (Stripe dashboard)",
            )
            _ledger_refund_entry(refund)
            shop_order_refund_record(shop_order_id=shop_order.pk, amount=part, key=f"r{refund.pk}")
            left -= part
            created += 1
    return created

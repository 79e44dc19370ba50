"""Reads for payments: balances, payouts, the bank transfer list."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from marketplace.core.money import quantize

from .models import LedgerEntry, Payment, Payout, Refund


def shop_balance(*, shop_id: int) -> dict:
    """Return what a shop can be paid now, what is still held, and what was paid out (MAD)."""
    now = timezone.now()
    open_entries = LedgerEntry.objects.filter(shop_id=shop_id, payout__isnull=True).exclude(
        kind=LedgerEntry.Kind.PAYOUT
    )
    sums = open_entries.aggregate(
        available=Sum("amount_mad", filter=Q(available_at__lte=now)),
        pending=Sum("amount_mad", filter=Q(available_at__gt=now)),
    )
    payouts = Payout.objects.filter(shop_id=shop_id).aggregate(
        paid_out=Sum("amount_mad", filter=Q(status=Payout.Status.SETTLED)),
        in_transfer=Sum(
            "amount_mad", filter=Q(status__in=(Payout.Status.PENDING, Payout.Status.HELD))
        ),
    )

    def cents(value):
        # SQLite sums decimals as floats: round back to the cent.
        return quantize(value or Decimal("0"), "MAD")

    return {
        "available": cents(sums["available"]),
        "pending": cents(sums["pending"]),
        "paid_out": cents(payouts["paid_out"]),
        "in_transfer": cents(payouts["in_transfer"]),
    }


def shop_payouts(*, shop_id: int) -> QuerySet[Payout]:
    """Return a shop's payouts, newest first."""
    return Payout.objects.filter(shop_id=shop_id).order_by("-created_at", "-pk")


def payouts_transfer_list(*, payout_ids=None) -> QuerySet[Payout]:
    """Return payouts to pay by bank transfer now (held ones wait for staff review).

    Each payout carries the bank details it was made with (`holder`, `rib`).
    """
    qs = Payout.objects.filter(status=Payout.Status.PENDING).select_related("shop")
    if payout_ids is not None:
        qs = qs.filter(pk__in=payout_ids)
    return qs.order_by("shop__name", "pk")


def payment_for_order(*, order_id: int) -> Payment | None:
    """Return the order's payment, if one was started."""
    return Payment.objects.filter(order_id=order_id).first()


def payment_in_flight(order_id: int) -> bool:
    """Tell whether a payment of the order is processing or succeeded (not to be released)."""
    return Payment.objects.filter(
        order_id=order_id,
        status__in=[Payment.Status.PROCESSING, Payment.Status.SUCCEEDED],
    ).exists()


def shop_order_refunded(*, shop_order_id: int) -> tuple[Decimal, Decimal]:
    """Return (amount, amount_mad) refunded or being refunded for a shop order."""
    sums = Refund.objects.filter(
        shop_order_id=shop_order_id, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).aggregate(amount=Sum("amount"), amount_mad=Sum("amount_mad"))
    # SQLite sums decimals as floats: round back to the cent (exact on PostgreSQL).
    return (
        quantize(sums["amount"] or Decimal("0"), "MAD"),
        quantize(sums["amount_mad"] or Decimal("0"), "MAD"),
    )


def payment_refunded(*, payment_id: int) -> Decimal:
    """Return what was refunded or is being refunded of a payment, over all its shop orders."""
    total = Refund.objects.filter(
        payment_id=payment_id, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).aggregate(amount=Sum("amount"))["amount"]
    return quantize(total or Decimal("0"), "MAD")


def payment_captured(payment: Payment) -> Decimal:
    """Return what the provider captured for a payment (its own figure before the field)."""
    return payment.amount_captured if payment.amount_captured is not None else payment.amount


def shop_order_refundable(*, shop_order) -> Decimal:
    """Return what can still be refunded of a shop order: its part, capped by the capture."""
    payment = Payment.objects.filter(
        order_id=shop_order.order_id, status=Payment.Status.SUCCEEDED
    ).first()
    if payment is None:
        return Decimal("0.00")
    left_here = shop_order.total - shop_order_refunded(shop_order_id=shop_order.pk)[0]
    left_paid = payment_captured(payment) - payment_refunded(payment_id=payment.pk)
    return max(min(left_here, left_paid), Decimal("0.00"))

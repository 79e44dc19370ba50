"""Reads for payments: balances, payouts, the bank transfer list."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from marketplace.core.money import quantize
from marketplace.orders.models import Order, ShopOrder
from marketplace.shipping.carriers import carrier_name

from .models import (
    CodBlock,
    CodCashReceipt,
    CodConfirmation,
    CodRefusal,
    CodShopTerms,
    LedgerEntry,
    Payment,
    Payout,
    Refund,
)
from .regions import REGIONS, region_of_city


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


# --- Cash on delivery ---------------------------------------------------------------------------


def cod_terms_for(*, shop_id: int) -> CodShopTerms | None:
    """Answer a shop's cash-on-delivery terms, or None when it never set them."""
    return CodShopTerms.objects.filter(shop_id=shop_id).first()


def cod_refusals_count(*, phone: str | None = None, buyer_id: int | None = None) -> int:
    """Count the orders with a refused COD parcel for a phone number (E.164) or a buyer."""
    if not phone and not buyer_id:
        return 0
    who = Q()
    if phone:
        who |= Q(phone=phone)
    if buyer_id:
        who |= Q(buyer_id=buyer_id)
    return CodRefusal.objects.filter(who).values("order_id").distinct().count()


def cod_refused_or_blocked(*, phone: str | None, buyer_id: int | None) -> bool:
    """Tell whether staff blocked COD for this number or buyer, or they refused too often."""
    if not phone and not buyer_id:
        return False
    who = Q()
    if phone:
        who |= Q(phone=phone)
    if buyer_id:
        who |= Q(buyer_id=buyer_id)
    if CodBlock.objects.filter(who, active=True).exists():
        return True
    limit = settings.COD_REFUSAL_LIMIT
    if phone and cod_refusals_count(phone=phone) >= limit:
        return True
    return bool(buyer_id and cod_refusals_count(buyer_id=buyer_id) >= limit)


def _rate(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def cod_figures(*, start=None, end=None) -> dict:
    """COD share, confirmation and refusal rates, and cash not yet remitted (per courier/region).

    Shares and rates count orders placed between `start` and `end` (datetimes, open-ended
    when None). Cash awaiting remittance is what couriers hold now: parcels they delivered
    (cash collected) with no cash received yet, and parcels still out with them.
    """
    placed = Order.objects.all()
    if start:
        placed = placed.filter(created_at__gte=start)
    if end:
        placed = placed.filter(created_at__lte=end)
    totals = placed.aggregate(
        orders=Count("pk"),
        cod=Count("pk", filter=Q(payment_method="cod")),
        value=Sum("total_mad"),
        cod_value=Sum("total_mad", filter=Q(payment_method="cod")),
    )
    cod_orders = placed.filter(payment_method="cod")
    asked = CodConfirmation.objects.filter(order__in=cod_orders)
    confirmed = asked.filter(confirmed_at__isnull=False).count()
    waiting = asked.filter(confirmed_at__isnull=True, order__status="pending_payment").count()
    decided = asked.count() - waiting
    parts = ShopOrder.objects.filter(order__in=cod_orders)
    refused = parts.filter(status="refused").count()
    reached = parts.filter(status__in=("delivered", "refused")).count()
    outstanding = (
        ShopOrder.objects.filter(order__payment_method="cod", status__in=("shipped", "delivered"))
        .exclude(pk__in=CodCashReceipt.objects.values("shop_order_id"))
        .values_list("carrier", "order__ship_city", "status", "total_mad")
    )
    couriers: dict[str, dict] = {}
    regions: dict[str, dict] = {}
    zero = Decimal("0.00")
    for carrier, city, status, amount in outstanding:
        key = "collected" if status == "delivered" else "out"
        courier = carrier_name(carrier) or "—"
        for table, name in ((couriers, courier), (regions, region_of_city(city))):
            row = table.setdefault(name, {"collected": zero, "out": zero, "parcels": 0})
            row[key] += amount
            row["parcels"] += 1
    return {
        "orders": totals["orders"],
        "cod_orders": totals["cod"],
        "cod_share": _rate(totals["cod"], totals["orders"]),
        "cod_value_share": _rate_amount(totals["cod_value"], totals["value"]),
        "confirmation_rate": _rate(confirmed, decided),
        "confirmed": confirmed,
        "awaiting_confirmation": waiting,
        "refusal_rate": _rate(refused, reached),
        "refused": refused,
        "reached": reached,
        "by_courier": [
            {"courier": name, **row}
            for name, row in sorted(couriers.items(), key=lambda i: -i[1]["collected"])
        ],
        "by_region": [
            {"region": code, "label": str(REGIONS.get(code, code)), **row}
            for code, row in sorted(regions.items(), key=lambda i: -i[1]["collected"])
        ],
    }


def _rate_amount(part, whole) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))

"""Figures for administrators, computed from our own orders and reviews.

What counts as a sale: the goods value (order lines in MAD, shipping excluded) of shop orders
whose money was taken and not given back — status paid, accepted, shipped or delivered.
Pending-payment, cancelled and refunded shop orders are left out. A sale belongs to the month
its shop order was paid; a cash-on-delivery part is paid when the courier's cash is received.
Satisfaction counts visible reviews only (hidden ones were abusive).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from artisans.models import Shop
from marketplace.catalogue.models import Category
from marketplace.orders.countries import COUNTRY_CHOICES
from marketplace.orders.models import OrderLine, ShopOrder
from marketplace.orders.status import ShopOrderStatus as S
from marketplace.reviews.models import Review
from payments.selectors import cod_figures

COUNTED_STATUSES = (S.PAID, S.ACCEPTED, S.SHIPPED, S.DELIVERED)
ZERO = Decimal("0.00")


def mad(value) -> Decimal:
    """Return an amount in MAD with two places (databases differ in what a Sum returns)."""
    return Decimal(value or 0).quantize(Decimal("0.01"), ROUND_HALF_UP)


def pct(part, whole) -> Decimal:
    """Return part/whole as a percentage rounded to one decimal (0 when whole is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """An inclusive range of payment dates; None means open-ended."""

    start: date | None = None
    end: date | None = None

    def shop_order_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}status__in": COUNTED_STATUSES})
        tz = timezone.get_current_timezone()
        if self.start:
            start = timezone.make_aware(datetime.combine(self.start, time.min), tz)
            q &= Q(**{f"{prefix}paid_at__gte": start})
        if self.end:
            end = timezone.make_aware(datetime.combine(self.end, time.max), tz)
            q &= Q(**{f"{prefix}paid_at__lte": end})
        return q


def counted_lines(period: Period = Period()):
    """Order lines that count as sales in the period."""
    return OrderLine.objects.filter(period.shop_order_q("shop_order__"))


def sales_totals(period: Period = Period()) -> dict:
    """Total goods sold (MAD), number of shop orders and of orders in the period."""
    lines = counted_lines(period).aggregate(total=Sum("line_total_mad"))
    shop_orders = ShopOrder.objects.filter(period.shop_order_q())
    return {
        "sales": mad(lines["total"]),
        "shop_orders": shop_orders.count(),
        "orders": shop_orders.values("order_id").distinct().count(),
    }


def sales_by_month(period: Period = Period(), *, months: int = 12, today=None) -> list[dict]:
    """Sales per calendar month for the last `months` months (empty months show 0)."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    y, m = first.year, first.month - (months - 1)
    while m <= 0:
        y, m = y - 1, m + 12
    keys = []
    for _ in range(months):
        keys.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    start = keys[0] if period.start is None else max(keys[0], period.start)
    rows = (
        counted_lines(Period(start, period.end))
        .annotate(month=TruncMonth("shop_order__paid_at"))
        .values("month")
        .annotate(sales=Sum("line_total_mad"), orders=Count("shop_order", distinct=True))
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        found[month] = row
    return [
        {
            "month": key,
            "sales": mad((found.get(key) or {}).get("sales")),
            "orders": (found.get(key) or {}).get("orders") or 0,
        }
        for key in keys
    ]


def category_shares(period: Period = Period()) -> list[dict]:
    """Share of sales by top-level category (pottery, carpets, clothing …), largest first."""
    rows = (
        counted_lines(period)
        .annotate(
            top=Coalesce(
                "product__category__parent__parent_id",
                "product__category__parent_id",
                "product__category_id",
            )
        )
        .values("top")
        .annotate(sales=Sum("line_total_mad"), pieces=Sum("quantity"))
        .order_by("-sales", "top")
    )
    rows = list(rows)
    total = sum((r["sales"] for r in rows), ZERO)
    names = Category.objects.in_bulk([r["top"] for r in rows if r["top"]])
    return [
        {
            "key": names[r["top"]].slug if r["top"] in names else "unknown",
            "label": names[r["top"]].title if r["top"] in names else "—",
            "sales": mad(r["sales"]),
            "pieces": r["pieces"],
            "share": pct(r["sales"], total),
        }
        for r in rows
    ]


def country_shares(period: Period = Period()) -> list[dict]:
    """Share of sales by destination country, largest first."""
    rows = list(
        counted_lines(period)
        .annotate(country=F("shop_order__order__ship_country"))
        .values("country")
        .annotate(sales=Sum("line_total_mad"), orders=Count("shop_order__order", distinct=True))
        .order_by("-sales", "country")
    )
    total = sum((r["sales"] for r in rows), ZERO)
    names = dict(COUNTRY_CHOICES)
    return [
        {
            "key": r["country"],
            "label": str(names.get(r["country"], r["country"])),
            "sales": mad(r["sales"]),
            "orders": r["orders"],
            "share": pct(r["sales"], total),
        }
        for r in rows
    ]


def shop_figures() -> dict:
    """Active (verified) shops, how many are cooperatives, and the women-led share of those."""
    active = Shop.objects.filter(status=Shop.Status.VERIFIED)
    agg = active.aggregate(
        shops=Count("pk"),
        coops=Count("pk", filter=Q(cooperative__isnull=False)),
        women=Count("pk", filter=Q(cooperative__women_led=True)),
    )
    agg["women_share"] = pct(agg["women"], agg["coops"])
    agg["pending"] = Shop.objects.filter(status=Shop.Status.PENDING).count()
    agg["suspended"] = Shop.objects.filter(status=Shop.Status.SUSPENDED).count()
    return agg


def satisfaction(period: Period | None = None) -> dict:
    """Share of visible reviews rated 4 or 5, the number it rests on, and the distribution."""
    qs = Review.objects.filter(status=Review.Status.VISIBLE)
    if period and (period.start or period.end):
        tz = timezone.get_current_timezone()
        if period.start:
            qs = qs.filter(
                created_at__gte=timezone.make_aware(datetime.combine(period.start, time.min), tz)
            )
        if period.end:
            qs = qs.filter(
                created_at__lte=timezone.make_aware(datetime.combine(period.end, time.max), tz)
            )
    counts = dict(qs.values_list("rating").annotate(n=Count("pk")))
    total = sum(counts.values())
    good = counts.get(4, 0) + counts.get(5, 0)
    return {
        "reviews": total,
        "good": good,
        "share": pct(good, total),
        "distribution": [
            {"rating": r, "count": counts.get(r, 0), "share": pct(counts.get(r, 0), total)}
            for r in (5, 4, 3, 2, 1)
        ],
    }


def median_paid_to_shipped(period: Period = Period()) -> dict:
    """Median time from payment to shipping over shop orders that were shipped."""
    q = period.shop_order_q() | Q(status=S.REFUNDED)
    durations = [
        (shipped - paid).total_seconds()
        for paid, shipped in ShopOrder.objects.filter(
            q, paid_at__isnull=False, shipped_at__isnull=False
        ).values_list("paid_at", "shipped_at")
        if shipped >= paid
    ]
    if not durations:
        return {"hours": None, "days": None, "count": 0}
    hours = Decimal(statistics.median(durations) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return {
        "hours": hours,
        "days": (hours / 24).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "count": len(durations),
    }


def analytics_all(period: Period = Period()) -> dict:
    """Every figure the analytics page shows."""
    return {
        "totals": sales_totals(period),
        "months": sales_by_month(period),
        "categories": category_shares(period),
        "countries": country_shares(period),
        "shops": shop_figures(),
        "satisfaction": satisfaction(period),
        "shipping": median_paid_to_shipped(period),
        "cod": cod_report(period),
    }


def cod_report(period: Period = Period()) -> dict:
    """Cash on delivery: share, confirmation and refusal rates, cash the couriers still hold."""
    tz = timezone.get_current_timezone()
    start = (
        timezone.make_aware(datetime.combine(period.start, time.min), tz) if period.start else None
    )
    end = timezone.make_aware(datetime.combine(period.end, time.max), tz) if period.end else None
    return cod_figures(start=start, end=end)

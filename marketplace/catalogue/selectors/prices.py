"""Prices in the buyer's currency: the price buckets and MAD bounds of a price filter."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from marketplace.core.money import CURRENCY_DECIMALS

PRICE_BUCKETS = {  # in the buyer's currency
    "MAD": [0, 250, 500, 1000, 2500],
    "EUR": [0, 25, 50, 100, 250],
    "USD": [0, 25, 50, 100, 250],
}


def mad_bounds(
    low: Decimal | None, high: Decimal | None, currency: str, rate: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """Turn an inclusive price range in `currency` into a MAD range [lo, hi) on stored prices.

    A product matches when the price the buyer sees (MAD x rate, rounded half up to the
    currency's precision) lies within the range, so the boundaries are widened by half a unit.
    """
    if currency == settings.BASE_CURRENCY:
        rate = Decimal("1")
    half = Decimal(1).scaleb(-CURRENCY_DECIMALS[currency]) / 2
    lo = (low - half) / rate if low is not None and low > 0 else None
    hi = (high + half) / rate if high is not None else None
    return lo, hi


def price_q(low, high, currency, rate) -> Q:
    """Return the filter matching prices the buyer sees between `low` and `high`."""
    lo, hi = mad_bounds(low, high, currency, rate)
    q = Q()
    if lo is not None:
        q &= Q(price__gte=lo)
    if hi is not None:
        q &= Q(price__lt=hi)
    return q

"""Reads shared by every app: exchange rates."""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

RATES_CACHE_KEY = "core:exchange-rates:v1"
# Rates as read at one catalogue version, in this process: a rate change bumps the version.
_rates_at: dict[int, dict[str, Decimal]] = {}


def exchange_rates(version: int | None = None) -> dict[str, Decimal]:
    """Return units of each currency per 1 MAD, from the database (cached), else the defaults.

    With `version` (the catalogue version this request read first), rates already read at that
    version in this process are reused without a round trip: a rate change moves the version.
    """
    if version is not None and (rates := _rates_at.get(version)) is not None:
        return rates
    rates = _exchange_rates()
    if version is not None:
        _rates_at.clear()
        _rates_at[version] = rates
    return rates


def _exchange_rates() -> dict[str, Decimal]:
    rates = cache.get(RATES_CACHE_KEY)
    if rates is None:
        from .models import ExchangeRate

        rates = dict(settings.DEFAULT_EXCHANGE_RATES)
        rates.update({r.currency: r.rate for r in ExchangeRate.objects.all()})
        rates[settings.BASE_CURRENCY] = Decimal("1")
        cache.set(RATES_CACHE_KEY, rates, 3600)
    return rates


def exchange_rate(currency: str) -> Decimal:
    """Return the stored rate for one currency."""
    return exchange_rates()[currency]

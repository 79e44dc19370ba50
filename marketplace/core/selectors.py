"""Reads shared by every app: exchange rates."""

import contextlib
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from .cache import VersionMemo
from .ratelimit import warn_once_in_a_while

RATES_CACHE_KEY = "core:exchange-rates:v1"


def exchange_rates(version: int | None = None) -> dict[str, Decimal]:
    """Return units of each currency per 1 MAD, from the database (cached), else the defaults.

    With `version` (the catalogue version this request read first), rates already read at that
    version in this process are reused without a round trip: a rate change moves the version.
    """
    return _rates.get(version)


def _exchange_rates() -> dict[str, Decimal]:
    # [hardening] Checkout prices with these: with the cache (Redis) down they come from the
    # database, never a 500.
    try:
        rates = cache.get(RATES_CACHE_KEY)
    except Exception as exc:
        warn_once_in_a_while("exchange rates read from the database: cache unavailable (%s)", exc)
        rates, cached = None, False
    else:
        cached = True
    if rates is None:
        from .models import ExchangeRate

        rates = dict(settings.DEFAULT_EXCHANGE_RATES)
        rates.update({r.currency: r.rate for r in ExchangeRate.objects.all()})
        rates[settings.BASE_CURRENCY] = Decimal("1")
        if cached:
            with contextlib.suppress(Exception):  # a cache that fails now: next time
                cache.set(RATES_CACHE_KEY, rates, 3600)
    return rates


def exchange_rate(currency: str) -> Decimal:
    """Return the stored rate for one currency."""
    return exchange_rates()[currency]


_rates = VersionMemo(_exchange_rates)

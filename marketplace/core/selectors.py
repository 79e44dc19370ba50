"""Reads shared by every app: exchange rates."""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from .ratelimit import warn_once_in_a_while

RATES_CACHE_KEY = "core:exchange-rates:v1"


def exchange_rates() -> dict[str, Decimal]:
    """Return units of each currency per 1 MAD, from the database (cached), else the defaults.

    The cached copy is deleted when a rate changes (core.services, on commit). With the cache
    (Redis) down, prices and checkout read the database: never a 500.
    """
    try:
        rates = cache.get(RATES_CACHE_KEY)
    except Exception as exc:  # a cache outage: prices are still shown, read from the database
        warn_once_in_a_while("exchange rates read from the database: cache unavailable (%s)", exc)
        return _read_rates()
    if rates is None:
        rates = _read_rates()
        try:
            cache.set(RATES_CACHE_KEY, rates, 3600)
        except Exception as exc:  # the next read tries again
            warn_once_in_a_while("exchange rates: could not keep them in the cache (%s)", exc)
    return rates


def request_rates(request) -> dict[str, Decimal]:
    """Return the exchange rates once per request (a page shows many prices).

    A layer above may have read them already with its own first round trip (the page cache
    reads them with its clock) and left them on the request.
    """
    if request is None:
        return exchange_rates()
    rates = getattr(request, "_souk_rates", None)
    if rates is None:
        rates = request._souk_rates = exchange_rates()
    return rates


def _read_rates() -> dict[str, Decimal]:
    from .models import ExchangeRate

    rates = dict(settings.DEFAULT_EXCHANGE_RATES)
    rates.update({r.currency: r.rate for r in ExchangeRate.objects.all()})
    rates[settings.BASE_CURRENCY] = Decimal("1")
    return rates


def exchange_rate(currency: str) -> Decimal:
    """Return the stored rate for one currency."""
    return exchange_rates()[currency]

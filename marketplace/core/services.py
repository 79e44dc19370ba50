"""Writes shared by every app: exchange rates."""

from decimal import Decimal

from django.core.cache import cache
from django.db import transaction

from .models import ExchangeRate
from .selectors import RATES_CACHE_KEY


def exchange_rate_set(*, currency: str, rate: Decimal) -> ExchangeRate:
    """Store the rate for a currency and drop the cached rates after commit."""
    with transaction.atomic():
        obj, _ = ExchangeRate.objects.update_or_create(currency=currency, defaults={"rate": rate})
        transaction.on_commit(lambda: cache.delete(RATES_CACHE_KEY))
    return obj

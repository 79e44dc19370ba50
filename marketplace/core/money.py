"""Money: Decimal amounts in MAD, converted once to the buyer's currency and rounded there."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.formats import number_format
from django.utils.translation import get_language

# Minor-unit exponent per currency; all three use cents.
CURRENCY_DECIMALS = {"MAD": 2, "EUR": 2, "USD": 2}
CURRENCY_SYMBOLS = {"MAD": "MAD", "EUR": "€", "USD": "$"}
CURRENCY_CHOICES = [("MAD", "MAD"), ("EUR", "EUR"), ("USD", "USD")]


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round an amount to the currency's precision, half up."""
    exp = Decimal(1).scaleb(-CURRENCY_DECIMALS[currency])
    return Decimal(amount).quantize(exp, rounding=ROUND_HALF_UP)


def convert_from_mad(amount_mad: Decimal, currency: str, rate: Decimal) -> Decimal:
    """Convert a MAD amount with a rate (units of `currency` per 1 MAD), rounding once."""
    if currency == settings.BASE_CURRENCY:
        return quantize(amount_mad, currency)
    return quantize(Decimal(amount_mad) * Decimal(rate), currency)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount with its currency; formats itself for the active locale."""

    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float):
            raise TypeError("Money never takes a float")

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)

    def as_dict(self) -> dict[str, str]:
        """Answer the API shape: amount as a string, never a float."""
        return {"amount": f"{quantize(self.amount, self.currency):f}", "currency": self.currency}


def format_money(amount: Decimal, currency: str, whole: bool = False) -> str:
    """Format an amount for the active locale: '1 250,00 MAD', '$125.00', '€ 12,50'.

    `whole` drops the minor units of a round figure (price ranges: '€25').
    """
    return _formatted(Decimal(amount), currency, whole, get_language())


@lru_cache(maxsize=8192)
def _formatted(amount: Decimal, currency: str, whole: bool, language: str | None) -> str:
    """format_money() for one language: a pure function of its arguments, kept per process
    (Django's number_format reads three locale formats per call; a product page shows seven
    prices, a cart a dozen). Emptied when a setting changes (tests)."""
    decimals = CURRENCY_DECIMALS[currency]
    amount = quantize(amount, currency)
    if whole and amount == amount.to_integral_value():
        decimals = 0
    text = number_format(amount, decimals, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS[currency]
    if currency == "USD":
        return f"{symbol}{text}"
    return f"{text}\u00a0{symbol}"


def _forget(**kwargs):
    _formatted.cache_clear()


setting_changed.connect(_forget)

"""System checks for settings that would break money or payments."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_money_settings(app_configs, **kwargs):
    """Refuse a base currency or currency list the money module does not know."""
    from .money import CURRENCY_DECIMALS

    errors = []
    if settings.BASE_CURRENCY not in CURRENCY_DECIMALS:
        errors.append(Error("BASE_CURRENCY is not a known currency.", id="souk.E001"))
    unknown = [c for c in settings.CURRENCIES if c not in CURRENCY_DECIMALS]
    if unknown:
        errors.append(Error(f"Unknown currencies in CURRENCIES: {unknown}", id="souk.E002"))
    return errors

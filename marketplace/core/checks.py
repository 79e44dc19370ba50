"""System checks for settings that would break money or payments."""

from django.conf import settings
from django.core.checks import Error, Warning, register


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


@register(deploy=True)
def check_private_files(app_configs, **kwargs):
    """Refuse a private file root the public media server would hand out, or no CSP."""
    from pathlib import Path

    errors = []
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents:
        errors.append(Error("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT.", id="souk.E010"))
    if settings.SERVE_MEDIA and not settings.DEBUG:
        errors.append(
            Warning(
                "SERVE_MEDIA is on in production: let the web server or the bucket serve "
                "public media.",
                id="souk.W011",
            )
        )
    if "marketplace.core.csp.SoukCSPMiddleware" not in settings.MIDDLEWARE:
        errors.append(Error("The Content-Security-Policy middleware is missing.", id="souk.E012"))
    return errors

"""Template context every page needs: currency, languages, cart count."""

from django.conf import settings

from .money import CURRENCY_SYMBOLS


def souk(request):
    """Expose the visitor's currency and the switchers' choices."""
    return {
        "currency": getattr(request, "currency", settings.BASE_CURRENCY),
        "currencies": [(c, CURRENCY_SYMBOLS[c]) for c in settings.CURRENCIES],
        "souk_languages": settings.LANGUAGES,
        "site_url": settings.SITE_URL,
    }

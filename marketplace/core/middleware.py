"""Per-request currency: the switcher's cookie, then the session, then the user's preference."""

from django.conf import settings

SESSION_KEY = "currency"
# The switcher's choice, also kept in a cookie of its own: a shared cache (and the page cache's
# fast path) can then answer a visitor with no session in their currency.
CURRENCY_COOKIE = "souk_currency"


def currency_for_request(request) -> str:
    """Return the currency this visitor sees prices in."""
    chosen = request.COOKIES.get(CURRENCY_COOKIE)
    if chosen in settings.CURRENCIES:
        return chosen
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if chosen in settings.CURRENCIES:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.currency in settings.CURRENCIES:
        return user.currency
    return settings.BASE_CURRENCY


class CurrencyMiddleware:
    """Set request.currency for views, templates and the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.currency = currency_for_request(request)
        return self.get_response(request)

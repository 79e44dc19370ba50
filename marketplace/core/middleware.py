"""Per-request currency (the switcher's cookie, then the session, then the user's preference);
a busy database answered 503 with Retry-After (not a 500)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from .errors import Busy
from .transactions import is_db_timeout

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


class BusyMiddleware:
    """Answer a lock or statement timeout with 503 and Retry-After, on any page.

    The checkout and payment services turn their own timeouts into `Busy`; this catches one
    on any other path, so a request that waited too long for a row never ends in a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """Render the 'busy' answer for a Busy error or a raw database timeout."""
        if not isinstance(exception, Busy):
            if not is_db_timeout(exception):
                return None
            exception = Busy()
        wants_json = "application/json" in request.headers.get("Accept", "")
        if wants_json or request.path.startswith(("/api/", "/payments/")):
            response = JsonResponse(exception.as_dict(), status=exception.status)
        else:
            response = render(
                request, "busy.html", {"message": exception.message}, status=exception.status
            )
        response["Retry-After"] = str(exception.retry_after)
        return response

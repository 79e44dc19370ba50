"""Per-request currency (the switcher's cookie, then the session, then the user's preference);
a busy database answered 503 with Retry-After (not a 500); personal answers never cached;
characters no field may hold answered 400."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

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


# Pages about one visitor even when nobody is signed in (a guest's cart, order, payment).
PERSONAL_NAMESPACES = {"orders", "payments", "accounts", "conversations", "artisans", "moderation"}
# The same in the API (a guest's session cart and its order).
PERSONAL_API_NAMES = ("cart", "checkout", "order", "me", "auth_")


class PersonalResponseMiddleware:
    """Keep personal answers out of browser and shared caches; API answers vary on Authorization.

    Personal: anything answered to a signed-in user (session or API token), to a request that
    carries credentials, or from the cart, order, payment, account, message, seller and
    moderation pages. Those get `Cache-Control: private, no-store`, whatever the view said.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        api = request.path_info.startswith("/api/")
        if api:
            patch_vary_headers(response, ("Authorization",))
        if self._personal(request, api):
            response.headers.pop("Cache-Control", None)
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _personal(request, api: bool) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        if api:
            return (match.url_name or "").startswith(PERSONAL_API_NAMES)
        return bool(set(match.namespaces) & PERSONAL_NAMESPACES)


# Control characters have no place in a URL path; NUL has none anywhere (PostgreSQL refuses it
# in text, so it would end in a DataError); neither has half a UTF-16 surrogate pair in JSON
# (it cannot be encoded to UTF-8 for the database).
_PATH_BAD = re.compile(r"[\x00-\x1f\x7f]")
_LONE_SURROGATE = (
    rb"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})"  # a high surrogate left alone
    rb"|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}"  # a low one without its pair
)
_JSON_SURROGATE = re.compile(_LONE_SURROGATE, re.IGNORECASE)
_JSON_BAD = re.compile(rb"\\u0000|" + _LONE_SURROGATE, re.IGNORECASE)  # or an escaped NUL


class BadInputMiddleware:
    """Answer 400 to a request carrying characters no field may hold, before any view runs.

    NUL or a control character in the path, NUL in a query or form value or name, NUL or a
    lone surrogate escape in a JSON body. API paths answer the error shape (an API path with
    control characters is no endpoint: a JSON 404). Fields validate the rest of their input.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path_info.startswith("/api/")
        if _PATH_BAD.search(request.path_info):
            return self._refuse(api, status=404 if api else 400)
        if self._bad_query(request) or (not api and self._bad_form(request)):
            return self._refuse(api, status=400)
        if self._bad_json(request, nul=not api):
            return self._refuse(api, status=400)
        return self.get_response(request)

    @staticmethod
    def _bad_query(request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        return "\x00" in query or "%00" in query

    @staticmethod
    def _bad_form(request) -> bool:
        if request.method != "POST" or request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return False
        try:
            form = request.POST
        except Exception:  # a malformed body: the view's own parsing answers it
            return False
        return any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in form.lists()
        )

    @staticmethod
    def _bad_json(request, *, nul: bool) -> bool:
        if "json" not in (request.content_type or ""):
            return False
        try:
            body = request.body
        except Exception:  # too large or already read: left to the view
            return False
        pattern = _JSON_BAD if nul else _JSON_SURROGATE
        return bool(pattern.search(body))

    @staticmethod
    def _refuse(api: bool, *, status: int):
        if api:
            if status == 404:
                body = {"code": "not_found", "message": _("No such API endpoint."), "fields": {}}
            else:
                body = {
                    "code": "invalid_characters",
                    "message": _("The request contains characters that are not allowed."),
                    "fields": {},
                }
            return JsonResponse(body, status=status)
        return HttpResponseBadRequest(
            _("The request contains characters that are not allowed."),
            content_type="text/plain; charset=utf-8",
        )

"""The page cache: anonymous catalogue pages, checked by their dependencies, with holes.

What is stored: the HTML of GET/HEAD 200 answers of the views named in PAGE_CACHE_VIEWS, keyed
by language, currency, host and the full path with its query, with the clock read before the
view and the dependencies the view declared (see deps.py). A page is served while none of them
was stamped after that clock.

Holes: parts of a stored page that are not the same for everyone, or not as lasting as the
page, are left out of it and filled in on each answer:
- every CSRF token (a fresh token for the visitor's secret);
- the header's account area (<nav class="header-actions">): the anonymous version stored with
  the page for a visitor with no session, rendered from base.html's own source for others;
- named holes (`{% hole %}`, registered with `register_hole`): a part cached on its own with
  its own dependencies, such as the product page's buy box, whose stock moves with every sale:
  a sale stamps only the hole's dependency, and the page is served with the hole rendered anew.

The per-process copy: each web process keeps the pages it served last, ready to send, and
trusts them for PAGE_CACHE_LOCAL_SECONDS (0.5 s) after it last checked their dependencies, so a
hit costs no round trip; a change made in another process shows within that time, one made in
this process at once. Visitors with a session always check in Redis.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from marketplace.core.middleware import CURRENCY_COOKIE
from marketplace.core.selectors import RATES_CACHE_KEY

from . import deps, edge, fragments
from . import request as state
from .assembly import (
    DEFAULT_VIEWS,
    _answer,
    _assemble,
    _edge_request,
    _fresh_local,
    _has_messages,
    _has_session,
    _implied,
    _prepared,
    _view_cacheable,
    page_cache_key,
)
from .holes import (
    _CHAR_INDEX,
    _HOLE_RE,
    _MARKER_RE,
    CSRF_HOLE,
    HOLE_OPEN,
    PERSONAL_HOLE,
    _hole_key,
    _random_chars,
    _split_personal,
    _tokens_to_holes,
    csrf_token,
    hole_key,
    personal_header,
    register_hole,
    render_hole,
)
from .local_pages import LocalPages, local

# The public face: what other modules and tests import from caching.pages (the parts live in
# holes.py, local_pages.py and assembly.py).
__all__ = [
    "DEFAULT_SAFE_SESSION_KEYS",
    "DEFAULT_VIEWS",
    "AnonymousPageCacheMiddleware",
    "LocalPages",
    "PageCacheMiddleware",
    "_random_chars",
    "csrf_token",
    "hole_key",
    "local",
    "page_cache_enabled",
    "page_cache_key",
    "personal_header",
    "register_hole",
    "render_hole",
]

logger = logging.getLogger("marketplace.caching")

DEFAULT_SAFE_SESSION_KEYS = ("currency", "cart_token")

# view name -> reads(http_request, view_kwargs) -> (fragment keys, hint tags): what the view
# will read from the fragment cache first, fetched in one round trip once the lookup missed.
_FIRST_READS: dict = {}


def register_first_read(view_name: str, reads) -> None:
    """Let a cacheable view name the fragments it reads first (its rows and what they lead
    to), read in one round trip as soon as the page lookup missed: a product page then makes
    two round trips instead of three. A page served from the cache pays nothing for it."""
    _FIRST_READS[view_name] = reads


def _prefetch_first_reads(http_request, match) -> None:
    reads = _FIRST_READS.get(match.view_name)
    if reads is None or not fragments.enabled(http_request):
        return
    keys, hint_tags = reads(http_request, match.kwargs)
    fragments.prefetch(keys, hint_tags)


def page_cache_enabled() -> bool:
    """Whether pages are cached: on by default only with a shared cache (Redis)."""
    return deps.enabled()


class AnonymousPageCacheMiddleware:
    """Serve a stored page to a visitor with no session, before the rest of the stack runs.

    Such a visitor (no cookie but the CSRF, language and currency ones, no Authorization
    header) sees exactly the stored anonymous page for the URL's language and the currency
    cookie, so sessions, locale, auth, messages and URL resolution are skipped. It only reads:
    every miss goes down the stack to PageCacheMiddleware. It sets what the skipped middleware
    would have set: the CSRF cookie for a new visitor, Content-Language, Vary: Cookie and
    X-Frame-Options.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}
        self.cookies = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, CURRENCY_COOKIE}

    def __call__(self, http_request):
        return self._serve(http_request) or self.get_response(http_request)

    def _serve(self, http_request):
        if (
            http_request.method not in ("GET", "HEAD")
            or not page_cache_enabled()
            or settings.CSRF_USE_SESSIONS
            or "HTTP_AUTHORIZATION" in http_request.META
            or not self.cookies.issuperset(http_request.COOKIES)
        ):
            return None
        bypass = getattr(settings, "PAGE_CACHE_BYPASS_HEADER", None)
        if bypass and http_request.META.get(bypass):
            return None
        language = http_request.path_info.split("/", 2)[1]
        if language not in self.languages:
            return None
        currency = http_request.COOKIES.get(CURRENCY_COOKIE, settings.BASE_CURRENCY)
        if currency not in settings.CURRENCIES:
            return None
        secret = http_request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if secret is not None:
            if len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _CHAR_INDEX.keys():
                return None  # an old or broken cookie: let CsrfViewMiddleware deal with it
            http_request.META["CSRF_COOKIE"] = secret
        is_edge = _edge_request(http_request)
        try:
            key = page_cache_key(http_request, language, currency)
            page = self._page(http_request, key, language, currency)
        except Exception:
            logger.exception("caching: page cache unavailable, rendering")
            return None
        if page is None:
            return None
        content_type, parts, checks = page
        tags = set().union(*(t for _c, t in checks)) if is_edge else None
        response = _answer(http_request, content_type, parts, edge_tags=tags)
        response["Content-Language"] = language
        response.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
        if http_request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not is_edge:
            response.set_cookie(
                settings.CSRF_COOKIE_NAME,
                http_request.META["CSRF_COOKIE"],
                max_age=settings.CSRF_COOKIE_AGE,
                domain=settings.CSRF_COOKIE_DOMAIN,
                path=settings.CSRF_COOKIE_PATH,
                secure=settings.CSRF_COOKIE_SECURE,
                httponly=settings.CSRF_COOKIE_HTTPONLY,
                samesite=settings.CSRF_COOKIE_SAMESITE,
            )
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _page(http_request, key, language, currency):
        """Return (content type, parts, tags) of the stored page for `key`, if it is fresh."""
        local_page = _fresh_local(key)
        if local_page is not None:
            content_type, parts, checks = local_page
            return content_type, parts, checks
        entry = cache.get(key)
        if entry is None:
            return None
        assembled = _assemble(http_request, entry, language, currency, key)
        if assembled is None:
            return None
        checks, body = assembled
        parts = _prepared(body, entry.get("anon"))
        if parts is None:
            return None
        local.put(key, checks, entry["content_type"], parts)
        return entry["content_type"], parts, checks


class PageCacheMiddleware:
    """Read the clock before every cacheable view; serve, or store what it rendered.

    The clock is read here, before the view reads any row, for every GET of a view named in
    PAGE_CACHE_VIEWS, so no view can forget it; the view's selectors and tags declare what the
    page shows (depends_on). A page that declared nothing is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, http_request):
        token = state.begin(None)
        try:
            response = self.get_response(http_request)
            page = getattr(http_request, "_page_cache", None)
            if page is not None and page.get("store"):
                self._store(http_request, response, page)
            return response
        finally:
            state.end(token)

    def process_view(self, http_request, view_func, view_args, view_kwargs):
        if not page_cache_enabled() or http_request.method not in ("GET", "HEAD"):
            return None
        match = http_request.resolver_match
        if match is None or not _view_cacheable(match.view_name):
            return None
        user = getattr(http_request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        staff = signed_in and (user.is_staff or user.is_superuser)
        key = page_cache_key(http_request)
        bypass = getattr(settings, "PAGE_CACHE_BYPASS_HEADER", None)
        bypassed = bool(bypass and http_request.META.get(bypass))
        try:
            # One round trip for what every catalogue page reads first, the rates included; the
            # page itself unless bypassed (the bench's uncached mode stands for a miss: it must
            # not fetch and unpickle a stored page it will not use).
            wanted = [deps.CLOCK_KEY, deps.EPOCH_KEY, deps.stamp_key(deps.EVERYTHING),
                      RATES_CACHE_KEY, *([] if bypassed else [key])]  # fmt: skip
            found = cache.get_many(wanted)
            clock = found.get(deps.CLOCK_KEY)
            if clock is None:
                clock = deps.read_clock()
            epoch = deps.read_epoch(found.get(deps.EPOCH_KEY))
        except Exception:
            logger.exception("caching: page cache unavailable, rendering")
            return None
        if not fragments.enabled(http_request):
            clock = None  # the bench's cold header: nothing is read from or kept in the cache
        elif found.get(RATES_CACHE_KEY) is not None:
            http_request._souk_rates = found[RATES_CACHE_KEY]  # see core.selectors
        current = state.RequestState(
            clock=None if clock is None else int(clock),
            stamps={deps.EVERYTHING: int(found.get(deps.stamp_key(deps.EVERYTHING)) or 0)},
            epoch=None if clock is None else epoch,
            edge=_edge_request(http_request),
        )
        state._state.set(current)
        response = self._lookup(http_request, found, key, current, signed_in, staff, bypassed)
        if response is None and current.clock is not None:
            _prefetch_first_reads(http_request, match)  # the view renders
        return response

    def _lookup(self, http_request, found: dict, key: str, current, signed_in, staff, bypassed):
        """Return the stored page for this request, ready to send, or None to render it."""
        if staff or _has_messages(http_request) or bypassed:
            return None  # previews and flash messages are this visitor's; the bench bypass
        http_request._page_cache = {"key": key, "store": not signed_in}
        entry = found.get(key)
        if entry is None or current.clock is None:
            return None
        currency = getattr(http_request, "currency", settings.BASE_CURRENCY)
        try:
            assembled = _assemble(http_request, entry, get_language(), currency, key)
        except Exception:
            logger.exception("caching: page cache unavailable, rendering")
            return None
        if assembled is None:
            return None
        checks, body = assembled
        response = self._serve(http_request, entry, body, signed_in, checks)
        if response is not None:
            http_request._page_cache["store"] = False
        return response

    def _serve(self, http_request, entry: dict, body: str, signed_in: bool, checks):
        fragment = None
        current = state.current()
        is_edge = current is not None and current.edge and not signed_in
        if PERSONAL_HOLE in body:
            if not signed_in and not _has_session(http_request) and entry.get("anon") is not None:
                fragment = entry["anon"]
            else:
                fragment = personal_header(http_request)
                if fragment is None:
                    return None  # cannot personalise safely: render the whole page instead
            body = body.replace(PERSONAL_HOLE, fragment, 1)
        if CSRF_HOLE in body:
            body = body.replace(CSRF_HOLE, "" if is_edge else csrf_token(http_request))
        response = HttpResponse(body, content_type=entry["content_type"])
        response["X-Page-Cache"] = "hit"
        if is_edge:
            edge.mark_shared(response, set().union(*(t for _c, t in checks)))
            http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        patch_vary_headers(response, ("Cookie",))
        return response

    def _store(self, http_request, response, page: dict) -> None:
        current = state.current()
        if (
            current is None
            or current.clock is None
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            or _has_messages(http_request)
        ):
            return
        tags = set(current.tags)
        if tags == {deps.EVERYTHING}:
            logger.warning("caching: %s declared no dependency; not stored", http_request.path)
            return
        session = getattr(http_request, "session", None)
        if session is not None:
            safe = set(getattr(settings, "PAGE_CACHE_SAFE_SESSION_KEYS", DEFAULT_SAFE_SESSION_KEYS))
            if session.modified or not set(session.keys()) <= safe:
                return
        currency = getattr(http_request, "currency", settings.BASE_CURRENCY)
        language = get_language()
        body = _tokens_to_holes(
            response.content.decode(response.charset or "utf-8"),
            http_request.META.get("CSRF_COOKIE"),
        )
        if body is None:
            return
        holes = getattr(current, "holes", {})
        kept_holes = []
        hole_entries = {}
        for match in _HOLE_RE.finditer(body):
            name, arg, html = match.group(1), match.group(2), match.group(3)
            hole_tags = _implied(holes.get((name, arg), set()) | {deps.EVERYTHING}, currency)
            hole_entries[_hole_key(name, arg, language, currency)] = (
                current.clock,
                tuple(hole_tags),
                html,
            )
            kept_holes.append((name, arg))
        body = _HOLE_RE.sub(lambda m: HOLE_OPEN.format(name=m.group(1), arg=m.group(2)), body)
        body, personal = _split_personal(body)
        tags = _implied(tags, currency)
        entry = {
            "clock": current.clock,
            "tags": tuple(tags),
            "body": body,
            "holes": kept_holes,
            "content_type": response["Content-Type"],
            "anon": personal if personal is not None and not _has_session(http_request) else None,
        }
        try:
            cache.set_many(
                {**hole_entries, page["key"]: entry},
                getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
            )
        except Exception:
            logger.exception("caching: could not store %s", page["key"])
            return
        response["X-Page-Cache"] = "miss"
        if current.edge and entry["anon"] is not None:
            # The answer a shared cache keeps: no token, the anonymous header, every key.
            shared = _MARKER_RE.sub(
                lambda m: hole_entries[_hole_key(m.group(1), m.group(2), language, currency)][2],
                body,
            )
            response.content = b"".join(_prepared(shared, entry["anon"]))
            edge.mark_shared(response, tags | current.hole_tags)
            http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
            http_request.META["CSRF_COOKIE_USED"] = False

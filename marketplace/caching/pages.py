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

import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.template import engines
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from marketplace.core.middleware import CURRENCY_COOKIE
from marketplace.core.selectors import RATES_CACHE_KEY

from . import deps, edge, fragments
from . import request as state

logger = logging.getLogger("marketplace.caching")

CSRF_HOLE = "<!--souk:csrf-token-->"
PERSONAL_HOLE = "<!--souk:personal-->"
PERSONAL_START = '<nav class="header-actions"'
PERSONAL_END = "</nav>"
HOLE_OPEN = "<!--souk:hole:{name}:{arg}-->"
HOLE_CLOSE = "<!--souk:/hole-->"
DEFAULT_VIEWS = ("home", "catalogue:*")
DEFAULT_SAFE_SESSION_KEYS = ("currency", "cart_token")

_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="(?!' + re.escape(CSRF_HOLE) + ")")
_HOLE_RE = re.compile(r"<!--souk:hole:([\w.]+):(\w+)-->(.*?)<!--souk:/hole-->", re.DOTALL)
_MARKER_RE = re.compile(r"<!--souk:hole:([\w.]+):(\w+)-->")


def page_cache_enabled() -> bool:
    """Whether pages are cached: on by default only with a shared cache (Redis)."""
    return deps.enabled()


# --- Named holes ---------------------------------------------------------------------------------

_HOLES: dict[str, Callable] = {}


def register_hole(name: str, render: Callable) -> None:
    """Register a hole: `render(request, arg, context=None)` returns its HTML.

    It declares its dependencies with depends_on() like any view; `context` is the page's
    template context when it is rendered inside the page (objects already read may be reused).
    """
    _HOLES[name] = render


def render_hole(name: str, http_request, arg, context=None) -> str:
    """Render a hole inside a page, marked so the page cache can keep it apart."""
    with state.collecting() as tags:
        html = _HOLES[name](http_request, arg, context)
    current = state.current()
    if current is not None:
        current.__dict__.setdefault("holes", {})[(name, str(arg))] = set(tags)
    return HOLE_OPEN.format(name=name, arg=arg) + html + HOLE_CLOSE


def _hole_key(name: str, arg: str, language: str, currency: str) -> str:
    return f"hole:{name}:{arg}:{language}:{currency}"


# --- The personal fragment ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _personal_template():
    """Compile the header's account area straight from base.html, so it never drifts."""
    source = get_template("base.html").template.source
    start = source.find(PERSONAL_START)
    end = source.find(PERSONAL_END, start)
    if start < 0 or end < 0:
        return None
    loads = "".join(re.findall(r"{%\s*load\s[^%]*%}", source))
    prelude = loads + "{% get_current_language as LANG %}{% get_current_language_bidi as RTL %}"
    return engines["django"].from_string(prelude + source[start : end + len(PERSONAL_END)])


def personal_header(http_request) -> str | None:
    """Render the header's account area for this visitor (None if base.html lost it)."""
    template = _personal_template()
    return template.render({}, http_request) if template is not None else None


def _split_personal(body: str) -> tuple[str, str | None]:
    start = body.find(PERSONAL_START)
    if start < 0:
        return body, None
    end = body.find(PERSONAL_END, start)
    if end < 0:
        return body, None
    end += len(PERSONAL_END)
    return body[:start] + PERSONAL_HOLE + body[end:], body[start:end]


# --- CSRF tokens for served pages --------------------------------------------------------------
_CHAR_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_CHARS = len(CSRF_ALLOWED_CHARS)
_UNBIASED = 256 - 256 % _CHARS  # bytes at or above this are skipped, so every char is as likely


def _random_chars(length: int) -> str:
    """Return `length` characters from CSRF_ALLOWED_CHARS, uniformly, from one urandom call.

    Django's get_random_string draws each character with its own system call; a page served
    from the cache needs 32 or 64 of them per request, which was a tenth of its cost.
    """
    out: list[str] = []
    while len(out) < length:
        out.extend(CSRF_ALLOWED_CHARS[b % _CHARS] for b in os.urandom(length + 8) if b < _UNBIASED)
    return "".join(out[:length])


def csrf_token(http_request, *, renew: bool = False) -> str:
    """Return a fresh masked token for this visitor's CSRF secret, as get_token() does.

    `renew`: send the cookie again even when the visitor has it (get_token() does, to renew
    its expiry; a stored page served to a known visitor does not need to).
    """
    secret = http_request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        http_request.META["CSRF_COOKIE"] = secret
        http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    elif renew:
        http_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    http_request.META["CSRF_COOKIE_USED"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % _CHARS]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _tokens_to_holes(body: str, secret: str | None) -> str | None:
    """Replace this visitor's CSRF tokens by holes; None when a token would leak."""
    if secret:

        def hole(match):
            token = match.group(0)
            try:
                return CSRF_HOLE if _unmask_cipher_token(token) == secret else token
            except ValueError:  # a character outside the token alphabet: not a token
                return token

        body = _TOKEN_RE.sub(hole, body)
        if secret in body:
            return None
    if _CSRF_INPUT_RE.search(body):
        return None  # a token we could not recognise: never share it
    return body


# --- The per-process copy -----------------------------------------------------------------------


class LocalPages:
    """The pages this process served last, ready to send, and when they were last checked.

    Each page is (checks, content type, body split at its CSRF holes, in bytes, the anonymous
    header and holes in place, checked at): checks are the (clock, tags) of the page and of each
    hole filled in. Bounded by the bytes it holds (least recently served out first).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, list] = OrderedDict()
        self._bytes = 0
        self._epoch = 0  # bumped by forget(): a change made in this process shows at once

    @staticmethod
    def _seconds() -> float:
        return float(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0.5))

    def get(self, key: str):
        """Return (checks, content type, parts, trusted) for `key`, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            self._pages.move_to_end(key)
        checks, content_type, parts, checked_at, epoch = page
        trusted = epoch == self._epoch and time.monotonic() - checked_at < self._seconds()
        return checks, content_type, parts, trusted

    def checked(self, key: str) -> None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                page[3], page[4] = time.monotonic(), self._epoch

    def put(self, key: str, checks, content_type: str, parts: list[bytes]) -> None:
        limit = int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024))
        size = sum(map(len, parts)) + len(key)
        if size > limit // 4 or self._seconds() <= 0:
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = [checks, content_type, parts, time.monotonic(), self._epoch]
            self._bytes += size
            while self._bytes > limit and self._pages:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self._bytes -= sum(map(len, page[2])) + len(key)

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def forget(self, tags=None) -> None:
        """Trust no page showing `tags` (all pages: None) without checking it again.

        Called when this process stamped `tags`: a sale that leaves a piece in stock stamps
        only its stock, so the other pages this process holds stay trusted (with five sales
        a second, distrusting them all cost every hit a round trip).
        """
        if tags is None or deps.EVERYTHING in tags:
            self._epoch += 1
            return
        tags = set(tags)
        with self._lock:
            for page in self._pages.values():
                if any(not tags.isdisjoint(page_tags) for _clock, page_tags in page[0]):
                    page[3] = float("-inf")  # checked again on its next hit

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._epoch += 1

    @property
    def size(self) -> int:
        return self._bytes


local = LocalPages()
deps.on_stamp_forget(local.forget)


# --- Keys, views, state -------------------------------------------------------------------------


def _view_cacheable(view_name: str) -> bool:
    for pattern in getattr(settings, "PAGE_CACHE_VIEWS", DEFAULT_VIEWS):
        if pattern == view_name or (pattern.endswith(":*") and view_name.startswith(pattern[:-1])):
            return True
    return False


def _has_messages(http_request) -> bool:
    storage = getattr(http_request, "_messages", None)
    if storage is None:
        return False
    try:
        return bool(storage.used or len(storage))
    except Exception:  # a broken message store: treat the visitor as having messages
        logger.warning("caching: unreadable message storage; page not shared", exc_info=True)
        return True


def _has_session(http_request) -> bool:
    return settings.SESSION_COOKIE_NAME in http_request.COOKIES


def page_cache_key(http_request, language: str | None = None, currency: str | None = None) -> str:
    """Return the cache key of this request's page."""
    digest = hashlib.sha1(http_request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    if currency is None:
        currency = getattr(http_request, "currency", settings.BASE_CURRENCY)
    host = http_request.get_host()
    return f"page:{language or get_language()}:{currency}:{host}:{digest}"


def _implied(tags: set[str], currency: str) -> set[str]:
    """Add what every page in this currency shows: the exchange rates, outside the base one."""
    if currency != settings.BASE_CURRENCY:
        tags = tags | {"rates"}
    return tags


# --- Serving a stored page ---------------------------------------------------------------------


def _assemble(http_request, entry: dict, language: str, currency: str, key: str):
    """Return (checks, body) of a stored page with its named holes filled, or None if stale.

    One round trip checks the page's dependencies and fetches its holes, one more checks the
    holes'; a stale hole is rendered again (the page is not).
    """
    holes = entry.get("holes") or []
    hole_keys = [_hole_key(n, a, language, currency) for n, a in holes]
    stamped = deps.stamps(entry["tags"], extra=hole_keys)
    if not deps.is_fresh(entry["clock"], entry["tags"], stamped):
        return None
    checks = [(entry["clock"], tuple(entry["tags"]))]
    body = entry["body"]
    if not holes:
        return checks, body
    found = {k: stamped[k] for k in hole_keys if k in stamped}
    hole_tags = set().union(*(v[1] for v in found.values())) if found else set()
    hole_stamps = deps.stamps(hole_tags) if hole_tags else {}
    filled = {}
    for (name, arg), hole_key in zip(holes, hole_keys, strict=True):
        value = found.get(hole_key)
        if value is not None and deps.is_fresh(value[0], value[1], hole_stamps):
            filled[(name, arg)] = value[2]
            checks.append((value[0], tuple(value[1])))
            continue
        rendered = _render_hole_alone(http_request, name, arg, language, currency, hole_key)
        if rendered is None:
            return None
        filled[(name, arg)] = rendered[0]
        checks.append(rendered[1])
    body = _MARKER_RE.sub(lambda m: filled[(m.group(1), m.group(2))], body)
    return checks, body


def _render_hole_alone(http_request, name, arg, language, currency, hole_key):
    """Render one hole for a stored page; keep it for the next visitors."""
    render = _HOLES.get(name)
    if render is None:
        return None
    clock = deps.read_clock()
    token = state.begin(state.RequestState(clock=clock))
    try:
        with translation.override(language):
            if not hasattr(http_request, "currency"):
                http_request.currency = currency
            html = render(http_request, arg, None)
        tags = set(state.current().tags)
    finally:
        state.end(token)
    html = _tokens_to_holes(html, http_request.META.get("CSRF_COOKIE"))
    if html is None:
        return None
    tags = _implied(tags, currency)
    try:
        cache.set(hole_key, (clock, tuple(tags), html), fragments.TIMEOUT)
    except Exception:
        logger.exception("caching: could not store the hole %s", hole_key)
    return html, (clock, tuple(tags))


def _prepared(body: str, anon: str | None) -> list[bytes] | None:
    """Split a page at its CSRF holes, in bytes, the anonymous header in place."""
    if PERSONAL_HOLE in body:
        if anon is None:
            return None
        body = body.replace(PERSONAL_HOLE, anon, 1)
    return [part.encode() for part in body.split(CSRF_HOLE)]


def _fresh_local(key: str):
    """Return (content type, parts, checks) of this process's copy of `key` if still true."""
    page = local.get(key)
    if page is None:
        return None
    checks, content_type, parts, trusted = page
    if not trusted:
        tags = set().union(*(tags for _clock, tags in checks))
        stamped = deps.stamps(tags)
        if not all(deps.is_fresh(clock, tags, stamped) for clock, tags in checks):
            local.discard(key)
            return None
        local.checked(key)
    return content_type, parts, checks


def _edge_request(http_request) -> bool:
    """Whether a shared cache (our VCL, a CDN told to) asks: it sends Surrogate-Capability."""
    return "souk=" in http_request.META.get("HTTP_SURROGATE_CAPABILITY", "")


def _answer(http_request, content_type: str, parts: list[bytes], *, edge_tags=None):
    if edge_tags is not None:
        body = b"".join(parts)  # no token: the page is shared; personal.js fetches one
    else:
        body = csrf_token(http_request).encode().join(parts) if len(parts) > 1 else parts[0]
    response = HttpResponse(body, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    if edge_tags is not None:
        edge.mark_shared(response, edge_tags)
    return response


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
            # One round trip for what every catalogue page reads first, the rates included.
            found = cache.get_many(
                [deps.CLOCK_KEY, deps.EPOCH_KEY, key, deps.stamp_key(deps.EVERYTHING),
                 RATES_CACHE_KEY]
            )  # fmt: skip
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
        if staff or _has_messages(http_request) or bypassed:
            return None  # previews and flash messages are this visitor's; the bench bypass
        http_request._page_cache = {"key": key, "store": not signed_in}
        entry = found.get(key)
        if entry is None or clock is None:
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

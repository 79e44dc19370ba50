"""Page cache for the public catalogue pages, in Redis, invalidated by one catalogue version.

What is cached: the HTML of GET/HEAD 200 answers of the views named in PAGE_CACHE_VIEWS
(home and every catalogue page by default), as rendered for an anonymous visitor. The key holds
the language, the currency, the host and the full path with its query, so every facet
combination, page and sort has its own entry; the entry records the catalogue version it was
rendered at, and a hit fetches the current version and the entry in one MGET.

Invalidation, without scanning: every committed INSERT/UPDATE/DELETE on a catalogue table
(catalogue_*, artisans_*, reviews_*, core_exchangerate) increments the catalogue version after
commit. It is detected at the SQL level by a wrapper installed on every database connection
(web, Celery worker, shell), so it sees what model signals miss: QuerySet.update() with F()
(checkout's stock decrement, product_refresh_summary), bulk_create, raw SQL. An entry whose
version is not the current one is a miss, and is overwritten by the next render. Bumping after
commit (never before) closes the race where a reader renders old data under the new version:
a reader that read the version before the bump stores its page with the old version, which
no later reader accepts.

Personal bits: the stored page has two holes. (1) Every CSRF token (any 64-character token that
unmasks to the rendering visitor's secret) becomes a placeholder; each answer fills in a fresh
token for the current visitor, so no one ever receives another visitor's token and every form
(currency switcher, add to cart) posts fine. (2) The header's account area (<nav
class="header-actions">: cart count, name, log-in/log-out) becomes a placeholder; a visitor
with no session gets the anonymous version stored with the page, anyone else (signed-in buyer,
visitor with a cart) gets that small fragment rendered from base.html's own source with their
request. Staff bypass the cache; pages rendered for a signed-in user are never stored.

A per-process copy for visitors with no session (the AnonymousPageCacheMiddleware fast path):
each web process keeps the pages it served most recently, ready to send (bytes split at the
CSRF holes), and the catalogue version it last read. It trusts that version for
PAGE_CACHE_LOCAL_SECONDS (half a second by default), so a hit costs no round trip to Redis; a
bump made in the same process is seen at once, a bump made by another process (another web
worker, the Celery worker) within that time, which keeps "fresh within a second". Anyone with
a session (signed-in buyers, sellers checking their own change) still reads the version from
Redis on every request.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.template import engines
from django.template.loader import get_template
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .transactions import on_commit_once

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:catalogue-version"
CSRF_HOLE = "<!--souk:csrf-token-->"
PERSONAL_HOLE = "<!--souk:personal-->"
PERSONAL_START = '<nav class="header-actions"'
PERSONAL_END = "</nav>"
WATCHED_TABLE_PREFIXES = ("catalogue_", "artisans_", "reviews_", "core_exchangerate")
DEFAULT_VIEWS = ("home", "catalogue:*")
DEFAULT_SAFE_SESSION_KEYS = ("currency", "cart_token")

_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="(?!' + re.escape(CSRF_HOLE) + ")")
_WRITE_RE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?`?(\w+)', re.IGNORECASE)


def page_cache_enabled() -> bool:
    """Whether pages are cached: on by default only with a shared cache (Redis)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", bool(getattr(settings, "REDIS_URL", "")))


def fragment_cache_enabled(request=None) -> bool:
    """Whether parts of pages (cards, facet counts) are cached for this request.

    Same switch as the page cache; the benchmark settings name a header that turns both off
    for one request, to measure a page built from the database alone.
    """
    if not page_cache_enabled():
        return False
    header = getattr(settings, "FRAGMENT_CACHE_BYPASS_HEADER", None)
    return not (header and request is not None and request.META.get(header))


# --- The catalogue version ----------------------------------------------------------------------


def catalogue_version() -> int:
    """Return the current catalogue version, creating it when the cache lost it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so a version lost with the cache never reuses an old number.
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def catalogue_version_bump() -> None:
    """Make every cached catalogue page stale (one INCR; entries expire on their own)."""
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:
            cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
            version = cache.incr(VERSION_KEY)
    except Exception:  # the write committed; a cache outage must not turn it into a 500
        logger.exception("page cache: could not bump the catalogue version")
        local_pages.forget_version()
        return
    local_pages.saw_version(version)


def _bump_rates() -> None:
    from marketplace.core.selectors import RATES_CACHE_KEY

    try:
        cache.delete(RATES_CACHE_KEY)
    except Exception:
        logger.exception("page cache: could not drop the cached exchange rates")
    catalogue_version_bump()


def _watch_writes(execute, sql, params, many, context):
    """Execute wrapper: after a write to a catalogue table, bump the version on commit."""
    result = execute(sql, params, many, context)
    head = sql[:7].lstrip()[:6].upper() if sql else ""
    if head in ("INSERT", "UPDATE", "DELETE"):
        match = _WRITE_RE.match(sql)
        if match:
            table = match.group(1).lower()
            if table.startswith(WATCHED_TABLE_PREFIXES):
                func = _bump_rates if table == "core_exchangerate" else catalogue_version_bump
                on_commit_once(func, using=context["connection"].alias)
    return result


def install_write_watch(sender=None, connection=None, **kwargs) -> None:
    """Install the write watcher on a database connection (connection_created receiver)."""
    if connection is not None and _watch_writes not in connection.execute_wrappers:
        # At the front, so a surrounding `with connection.execute_wrapper(...)` pops its own.
        connection.execute_wrappers.insert(0, _watch_writes)


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


def _csrf_token(request) -> str:
    """Return a fresh masked token for this visitor's CSRF secret, as get_token() does.

    A visitor without a valid secret gets a new one, which CsrfViewMiddleware (or the fast path
    below) sends as the cookie; the token differs on every answer, so it leaks nothing (BREACH).
    """
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    request.META["CSRF_COOKIE_USED"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % _CHARS]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


class VersionMemo:
    """One value kept in this process for one catalogue version (the category tree, the rates).

    Any catalogue change moves the version, so a value read at a version stays true for it;
    without a version (no shared cache) it is read every time.
    """

    def __init__(self, compute):
        self._compute = compute
        self._entry: tuple[int, object] | None = None  # swapped whole: safe across threads

    def get(self, version: int | None):
        if version is None:
            return self._compute()
        entry = self._entry
        if entry is None or entry[0] != version:
            entry = self._entry = (version, self._compute())
        return entry[1]


# --- The per-process copy -----------------------------------------------------------------------


class LocalPages:
    """The pages this process served last, ready to send, and the catalogue version it read.

    Bounded by the bytes it holds (least recently served out first). Each page is kept as
    (version, content type, body split at its CSRF holes, in bytes, with the anonymous header
    already in place), so serving one is a join. Thread-safe: gunicorn's threaded workers and
    the test server share it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[int, str, list[bytes]]] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._read_at = 0.0

    @staticmethod
    def _seconds() -> float:
        return float(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0.5))

    def version(self) -> int | None:
        """The version read from Redis less than PAGE_CACHE_LOCAL_SECONDS ago, else None."""
        if self._version is not None and time.monotonic() - self._read_at < self._seconds():
            return self._version
        return None

    def saw_version(self, version) -> None:
        """Remember a version just read from Redis (or just set by this process's bump)."""
        with self._lock:
            version = int(version)
            if self._version is None or version != self._version:
                self._drop_older_than(version)
            self._version, self._read_at = version, time.monotonic()

    def forget_version(self) -> None:
        with self._lock:
            self._version = None

    def get(self, key: str, version: int) -> tuple[str, list[bytes]] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page[0] != version:
                return None
            self._pages.move_to_end(key)
            return page[1], page[2]

    def put(self, key: str, version: int, content_type: str, parts: list[bytes]) -> None:
        limit = int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024))
        size = sum(map(len, parts)) + len(key)
        if size > limit // 4 or self._seconds() <= 0:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= sum(map(len, old[2])) + len(key)
            self._pages[key] = (version, content_type, parts)
            self._bytes += size
            while self._bytes > limit and self._pages:
                gone, page = self._pages.popitem(last=False)
                self._bytes -= sum(map(len, page[2])) + len(gone)

    def _drop_older_than(self, version: int) -> None:
        for key in [k for k, page in self._pages.items() if page[0] < version]:
            page = self._pages.pop(key)
            self._bytes -= sum(map(len, page[2])) + len(key)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._version = None

    @property
    def size(self) -> int:
        return self._bytes


local_pages = LocalPages()


def _prepared(entry: dict) -> list[bytes] | None:
    """Split a stored entry's body at its CSRF holes, in bytes, the anonymous header in place."""
    body = entry["body"]
    if PERSONAL_HOLE in body:
        if entry.get("anon") is None:
            return None
        body = body.replace(PERSONAL_HOLE, entry["anon"], 1)
    return [part.encode() for part in body.split(CSRF_HOLE)]


# --- The middleware -------------------------------------------------------------------------------


def _view_cacheable(view_name: str) -> bool:
    for pattern in getattr(settings, "PAGE_CACHE_VIEWS", DEFAULT_VIEWS):
        if pattern == view_name or (pattern.endswith(":*") and view_name.startswith(pattern[:-1])):
            return True
    return False


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    try:
        return bool(storage.used or len(storage))
    except Exception:
        return True


def _has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def page_cache_key(request, language: str | None = None, currency: str | None = None) -> str:
    """Return the cache key of this request's page (the entry records its catalogue version)."""
    digest = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    if currency is None:
        currency = getattr(request, "currency", settings.BASE_CURRENCY)
    host = request.get_host()
    return f"page:{language or get_language()}:{currency}:{host}:{digest}"


def page_cache_version(request) -> int | None:
    """Return the catalogue version read for this request before it read any catalogue row.

    The page cache reads it before the view runs; a view may read it first thing
    (marketplace/catalogue/listing_cache.py current_version) when the page cache did not.
    """
    state = getattr(request, "_page_cache", None)
    if state:
        return state["version"]
    return getattr(request, "_catalogue_version", None)


def _fill_holes(body: str, fragment: str | None, request) -> str:
    if fragment is not None:
        body = body.replace(PERSONAL_HOLE, fragment, 1)
    if CSRF_HOLE in body:
        body = body.replace(CSRF_HOLE, _csrf_token(request))
    return body


class AnonymousPageCacheMiddleware:
    """Serve a stored page to a visitor with no session, before the rest of the stack runs.

    Such a visitor (no cookie but the CSRF and language ones, no Authorization header) sees
    exactly the stored anonymous page in the URL's language and the base currency, so nothing
    below this middleware could change the answer: sessions, locale, auth, messages, currency
    and URL resolution are skipped. It only reads: every miss, and every other visitor, goes
    down the stack to PageCacheMiddleware, which renders, stores and personalises. It sets what
    the skipped middleware would have set on such an answer: the CSRF cookie for a new visitor,
    Content-Language, Vary: Cookie and X-Frame-Options.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}
        self.cookies = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}

    def __call__(self, request):
        return self._serve(request) or self.get_response(request)

    def _serve(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not page_cache_enabled()
            or settings.CSRF_USE_SESSIONS
            or "HTTP_AUTHORIZATION" in request.META
            or not self.cookies.issuperset(request.COOKIES)
        ):
            return None
        bypass = getattr(settings, "PAGE_CACHE_BYPASS_HEADER", None)
        if bypass and request.META.get(bypass):
            return None
        language = request.path_info.split("/", 2)[1]
        if language not in self.languages:
            return None
        secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if secret is not None:
            if len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _CHAR_INDEX.keys():
                return None  # an old or broken cookie: let CsrfViewMiddleware deal with it
            request.META["CSRF_COOKIE"] = secret
        try:
            key = page_cache_key(request, language, settings.BASE_CURRENCY)
            page = self._page(key)
        except Exception:
            logger.exception("page cache: unavailable, rendering")
            return None
        if page is None:
            return None
        content_type, parts = page
        body = _csrf_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
        response = HttpResponse(body, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        response["Content-Language"] = language
        response.setdefault("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY"))
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response.set_cookie(
                settings.CSRF_COOKIE_NAME,
                request.META["CSRF_COOKIE"],
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
    def _page(key: str) -> tuple[str, list[bytes]] | None:
        """Return (content type, parts) of the stored page for `key`, if it is current.

        Within PAGE_CACHE_LOCAL_SECONDS of reading the version, a page this process holds
        costs no round trip; otherwise one MGET reads the version and the entry together.
        """
        version = local_pages.version()
        if version is not None:
            page = local_pages.get(key, version)
            if page is not None:
                return page
            entry = cache.get(key)
        else:
            found = cache.get_many([VERSION_KEY, key])
            if found.get(VERSION_KEY) is None:
                return None
            version = int(found[VERSION_KEY])
            local_pages.saw_version(version)
            entry = found.get(key)
        if entry is None:
            return None
        if entry["version"] > version:
            # Rendered after a bump this process has not read yet: the newer is the truth.
            local_pages.saw_version(entry["version"])
            version = entry["version"]
        if entry["version"] != version:
            return None
        parts = _prepared(entry)
        if parts is None:
            return None
        local_pages.put(key, version, entry["content_type"], parts)
        return entry["content_type"], parts


class PageCacheMiddleware:
    """Serve anonymous catalogue pages from Redis; fill in each visitor's token and header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if state is not None and state.get("store"):
            self._store(request, response, state["key"], state["version"])
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not page_cache_enabled() or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or not _view_cacheable(match.view_name):
            return None
        bypass = getattr(settings, "PAGE_CACHE_BYPASS_HEADER", None)
        if bypass and request.META.get(bypass):
            return None
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in and (user.is_staff or user.is_superuser):
            return None  # staff see previews and moderation bits: never a shared page
        if _has_messages(request):
            return None  # a flash message belongs to this visitor only
        key = page_cache_key(request)
        try:
            # One round trip (MGET) for the version and the entry.
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = catalogue_version()
        except Exception:
            logger.exception("page cache: unavailable, rendering")
            return None
        local_pages.saw_version(version)
        request._page_cache = {"key": key, "version": int(version), "store": not signed_in}
        entry = found.get(key)
        if entry is None or entry.get("version") != int(version):
            return None  # never stored, or stored before the catalogue last changed
        response = self._serve(request, entry, signed_in)
        if response is not None:
            request._page_cache["store"] = False
        return response

    def _serve(self, request, entry: dict, signed_in: bool):
        body = entry["body"]
        fragment = None
        if PERSONAL_HOLE in body:
            if not signed_in and not _has_session(request) and entry.get("anon") is not None:
                fragment = entry["anon"]
            else:
                template = _personal_template()
                if template is None:
                    return None  # cannot personalise safely: render the whole page instead
                fragment = template.render({}, request)
        body = _fill_holes(body, fragment, request)
        response = HttpResponse(body, content_type=entry["content_type"])
        response["X-Page-Cache"] = "hit"
        patch_vary_headers(response, ("Cookie",))
        return response

    def _store(self, request, response, key: str, version: int) -> None:
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            or _has_messages(request)
        ):
            return
        session = getattr(request, "session", None)
        if session is not None:
            safe = set(getattr(settings, "PAGE_CACHE_SAFE_SESSION_KEYS", DEFAULT_SAFE_SESSION_KEYS))
            if session.modified or not set(session.keys()) <= safe:
                return
        charset = response.charset or "utf-8"
        body = response.content.decode(charset)
        secret = request.META.get("CSRF_COOKIE")
        if secret:

            def hole(match):
                try:
                    return (
                        CSRF_HOLE
                        if _unmask_cipher_token(match.group(0)) == secret
                        else match.group(0)
                    )
                except Exception:
                    return match.group(0)

            body = _TOKEN_RE.sub(hole, body)
            if secret in body:
                return
        if _CSRF_INPUT_RE.search(body):
            return  # a token we could not recognise: never share it
        body, personal = _split_personal(body)
        entry = {
            "version": version,
            "body": body,
            "content_type": response["Content-Type"],
            "anon": personal if personal is not None and not _has_session(request) else None,
        }
        try:
            cache.set(key, entry, getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
        except Exception:
            logger.exception("page cache: could not store %s", key)
            return
        response["X-Page-Cache"] = "miss"

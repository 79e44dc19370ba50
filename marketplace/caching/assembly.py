"""Keys of stored pages, and serving one: its dependencies checked, its holes filled."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import get_language

from . import deps, edge, fragments
from . import request as state
from .holes import (
    _HOLES,
    _MARKER_RE,
    CSRF_HOLE,
    PERSONAL_HOLE,
    _hole_key,
    _tokens_to_holes,
    csrf_token,
)
from .local_pages import local

logger = logging.getLogger("marketplace.caching")

DEFAULT_VIEWS = ("home", "catalogue:*")


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

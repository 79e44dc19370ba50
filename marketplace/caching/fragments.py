"""Parts of pages cached on their own (cards, facet counts, holes), checked by their dependencies.

An entry is (clock, tags, value): the clock the request read before it read the rows, and the
dependencies the value shows. Reading validates every entry against the stamps of its tags in
one more round trip; the tags of what is used are declared to the request, so a page built
from fragments depends on what they show. Storing needs the request's clock: a request that did
not read it before its rows (no cacheable view) only reads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from . import deps, request

logger = logging.getLogger("marketplace.caching")
TIMEOUT = 3600


def enabled(http_request=None) -> bool:
    """Whether fragments are cached for this request (the bench's cold header turns them off)."""
    if not deps.enabled():
        return False
    header = getattr(settings, "FRAGMENT_CACHE_BYPASS_HEADER", None)
    return not (header and http_request is not None and http_request.META.get(header))


def get_many(keys: Iterable[str]) -> dict[str, object]:
    """Return the fresh values among `keys`, declaring their dependencies to the request."""
    keys = list(keys)
    if not keys:
        return {}
    try:
        found = cache.get_many(keys)
        tags = set().union(*(entry[1] for entry in found.values())) if found else set()
        stamped = deps.stamps(tags) if tags else {}
    except Exception:
        logger.exception("caching: fragments unavailable, rendering")
        return {}
    fresh = {}
    for key, (clock, entry_tags, value) in found.items():
        if deps.is_fresh(clock, entry_tags, stamped):
            fresh[key] = value
            request.depends_on(*entry_tags)
    return fresh


def set_many(items: dict[str, tuple[object, Iterable[str]]], timeout: int = TIMEOUT) -> None:
    """Keep these values with their dependencies, at the clock the request read first."""
    clock = request.clock()
    for _value, tags in items.values():
        request.depends_on(*tags)
    if clock is None or not items:
        return
    entries = {
        key: (clock, tuple({deps.EVERYTHING, *tags}), value) for key, (value, tags) in items.items()
    }
    try:
        cache.set_many(entries, timeout)
    except Exception:
        logger.exception("caching: could not store %d fragments", len(entries))

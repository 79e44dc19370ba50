"""Facet counts and the category tree, cached under the catalogue version.

A listing's facets (every count, the price span, the total) depend on its scope (all pieces,
a category, a shop), its filters, the visitor's language (labels) and currency (price
buckets), and not on the sort, the page or the page size: one entry serves every sort and
page of a filter combination, so only the page's own rows come from the database. A search
asked in relevance order also keeps the order of all its matches (up to RANKING_MAX), so its
later pages are cut from that list instead of ranking every match again. Entries
record the catalogue version read before any catalogue row (see marketplace/core/cache.py);
a change anywhere in the catalogue makes them all stale at once, without scanning.
"""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from marketplace.core.cache import (
    VersionMemo,
    catalogue_version,
    fragment_cache_enabled,
    page_cache_version,
)

from . import selectors

logger = logging.getLogger(__name__)
FACETS_TIMEOUT = 600
# What a cached entry holds: every Listing field except the page.
FACET_FIELDS = (
    "total",
    "ranked",
    "fuzzy",
    "categories",
    "regions",
    "materials",
    "kinds",
    "made_to_order",
    "in_stock",
    "price_buckets",
    "price_span",
    "ranking",
)
_PAGE_ONLY = ("sort", "per_page")
_tree = VersionMemo(selectors.category_tree)


def _normal(value):
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def facets_key(*, scope: str, filters: dict, language: str, currency: str) -> str:
    """Return the cache key of a listing's facets: its scope and filters, not sort or page."""
    wanted = sorted((k, _normal(v)) for k, v in filters.items() if k not in _PAGE_ONLY and v)
    digest = hashlib.sha1(repr(wanted).encode(), usedforsecurity=False).hexdigest()
    return f"facets:{language}:{currency}:{scope}:{digest}"


def current_version(request) -> int | None:
    """Return the catalogue version, read before this request reads any catalogue row.

    The page cache has read it before the view ran; otherwise it is read now. None when
    fragments are not cached for this request or the cache is unavailable.
    """
    if not fragment_cache_enabled(request):
        return None
    version = page_cache_version(request)
    if version is None:
        try:
            version = request._catalogue_version = catalogue_version()
        except Exception:
            logger.exception("facet cache: unavailable, counting")
    return version


def markup_key(*, version: int, language: str, currency: str, path: str, query: str) -> str:
    """Return the key of the filters' markup: what {% cache %} in listing_body.html uses."""
    return make_template_fragment_key("listing-facets", [version, language, currency, path, query])


def read(key: str, version: int, markup: str | None = None) -> tuple[dict | None, str | None]:
    """Return the facets cached under `key` at `version` and the markup under `markup`.

    One round trip for both; (None, None) when the cache is unavailable.
    """
    keys = [key] if markup is None else [key, markup]
    try:
        found = cache.get_many(keys)
    except Exception:
        logger.exception("facet cache: unavailable, counting")
        return None, None
    entry = found.get(key)
    facets = entry[1] if entry is not None and entry[0] == version else None
    return facets, found.get(markup) if markup is not None else None


def store(key: str, version: int, listing: selectors.Listing) -> None:
    """Keep the facets of `listing`, as counted at `version`."""
    facets = {name: getattr(listing, name) for name in FACET_FIELDS}
    try:
        cache.set(key, (version, facets), FACETS_TIMEOUT)
    except Exception:
        logger.exception("facet cache: could not store %s", key)


def category_tree(version: int | None) -> selectors.CategoryTree:
    """Return the category tree, built once per process and catalogue version."""
    return _tree.get(version)

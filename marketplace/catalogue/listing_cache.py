"""Facet counts (and a search's order) cached per scope and filters; the category tree per process.

A listing's facets (every count, the price span, the total) depend on its scope (all pieces,
a category, a shop), its filters, the visitor's language (labels) and currency (price buckets),
and not on the sort, the page or the page size: one entry serves every sort and page of a
filter combination, so only the page's own rows come from the database. A search asked in
relevance order also keeps the order of all its matches (up to RANKING_MAX), so its later
pages are cut from that list instead of ranking every match again; any other page keeps its
ids (page_ids), shared by every language. Each entry depends on the
listing-visible facts of its scope (list:<scope>, see freshness.py), so a sale that leaves a
piece in stock keeps it.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language

from marketplace import caching
from marketplace.caching import request as caching_request
from marketplace.caching.deps import EVERYTHING

from . import selectors
from .hooks import listing_filter_tags

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
_tree = caching.Memo(selectors.category_tree, EVERYTHING)


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


def scope_tags(scope: str, filters: dict, currency: str) -> tuple[str, ...]:
    """Return what a listing of `scope` shows: its scope's listing facts (and search, rates)."""
    kind, _, pk = scope.partition(":")
    tags = ["listings", {"category": f"list:cat:{pk}", "shop": f"list:shop:{pk}"}.get(
        kind, "list:all"
    )]  # fmt: skip
    if filters.get("q"):
        tags.append("search")
    tags.extend(listing_filter_tags(filters))
    if currency != settings.BASE_CURRENCY:
        tags.append("rates")
    return tuple(tags)


def read(key: str) -> dict | None:
    """Return the facets cached under `key`, if they are still true."""
    return caching.get_many([key]).get(key)


def store(key: str, listing: selectors.Listing, tags) -> None:
    """Keep the facets of `listing`, depending on `tags`."""
    facets = {name: getattr(listing, name) for name in FACET_FIELDS}
    caching.set_many({key: (facets, tags)}, timeout=600)


def _ids_key(*, scope: str, filters: dict, currency: str, sort, per_page, number) -> str:
    key = facets_key(scope=scope, filters=filters, language="-", currency=currency)
    return f"{key}:ids:{sort}:{per_page}:{number}"


def page_prefetch(request, *, scope: str, filters: dict, currency: str):
    """Return the keys and tags a listing page will read after its counts: its ids, and the
    cards of those ids when this process holds them (a guess from the URL: a wrong one only
    reads a key for nothing)."""
    from .fragments import card_prefetch

    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() else 1
    sort = filters.get("sort") or ("relevance" if filters.get("q") else "newest")
    per_page = filters.get("per_page") or 24
    key = _ids_key(
        scope=scope, filters=filters, currency=currency, sort=sort, per_page=per_page,
        number=number,
    )  # fmt: skip
    ids = caching.peek(key)
    if ids is None and sort == "relevance":
        # A search's pages are cut from the ranking kept with its counts.
        held = caching.peek(
            facets_key(scope=scope, filters=filters, language=get_language(), currency=currency)
        )
        ranking = held.get("ranking") if isinstance(held, dict) else None
        if ranking:
            ids = ranking[(number - 1) * per_page : number * per_page]
    keys, tags = card_prefetch(ids, language=get_language(), currency=currency)
    return [key, *keys], tags


def page_ids(page, *, scope: str, filters: dict, currency: str, tags) -> None:
    """Give a listing page its ids from the cache, or read them and keep them.

    The ids of a page (scope, filters, sort, page size and number) depend on what its counts
    depend on, and not on the language: /fr/, /ar/ and /en/ share them. A page not read by
    SQL (a search's kept order) is left alone.
    """
    if not isinstance(page, selectors.ProductPage) or page.sql_key is None:
        return
    sort, per_page, number = page.sql_key[-3:]
    key = _ids_key(
        scope=scope, filters=filters, currency=currency, sort=sort, per_page=per_page,
        number=number,
    )  # fmt: skip
    found = caching.get_many([key]).get(key)
    if found is not None:
        page.seed(found)
    else:
        caching.set_many({key: (page.ids(), tags)}, timeout=600)


def category_tree() -> selectors.CategoryTree:
    """Return the category tree, built once per process while no category changes."""
    return _tree.get(caching_request.stamp(EVERYTHING))

"""Product cards cached in Redis, shared by every page that shows them.

A listing page that is not in the page cache (a new facet combination, sort or page) still
shows cards most other pages have shown: each card's markup is kept per product, language and
currency. An entry records the catalogue version it was rendered at (see
marketplace/core/cache.py), so any catalogue change (product, price, stock, image, review
summary, shop, exchange rate) makes every card stale at once, without scanning; one MGET
fetches all the cards of a page. The version is read before any product row (by the page
cache before the view runs, or here before the page's query), so a card rendered from rows
older than a change is stored under the old version, which no later reader accepts.

Only with the page cache's shared cache (Redis): a per-process cache could not see another
process's version bump.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects

from marketplace.core.cache import catalogue_version

from . import selectors
from .models import Product

logger = logging.getLogger(__name__)
CARD_TIMEOUT = 3600


def _key(pk: int, language: str, currency: str) -> str:
    return f"card:{language}:{currency}:{pk}"


def _current_version() -> int | None:
    try:
        return catalogue_version()
    except Exception:
        return None


def cached_cards(
    products: Iterable[Product] | QuerySet[Product],
    *,
    language: str,
    currency: str,
    render: Callable[[Product], str],
    version: int | None = None,
    enabled: bool = True,
) -> list[str]:
    """Return the card markup of `products` in order, rendering only what the cache lacks.

    `version` is the catalogue version read before the caller read any catalogue row (the
    page cache reads it before the view runs). Without it, a query is evaluated only after the
    version is read here; rows fetched earlier (a list) are rendered and never stored.
    """
    if not enabled:
        return [render(product) for product in products]
    page = products if isinstance(products, selectors.ProductPage) else None
    if page is not None:
        lazy = not page.rows_read  # its ids say nothing of the cards: read them any time
    else:
        lazy = isinstance(products, QuerySet) and products._result_cache is None
    if version is None and lazy:
        version = _current_version()
    if version is None:
        return [render(product) for product in products]
    if lazy:
        # Only the ids of the page: the rows (and photos) only for the cards the cache lacks.
        pks = page.ids() if page is not None else list(products.values_list("pk", flat=True))
        known: dict[int, Product] = {}
    else:
        known = {product.pk: product for product in products}
        pks = list(known)
    if not pks:
        return []
    keys = {pk: _key(pk, language, currency) for pk in pks}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:
        logger.exception("card cache: unavailable, rendering")
        found = {}
    cards: dict[int, str] = {}
    for pk, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            cards[pk] = entry[1]
    absent = [pk for pk in pks if pk not in cards and pk not in known]
    if absent:
        known.update(
            (p.pk, p) for p in selectors.product_cards(Product.objects.filter(pk__in=absent))
        )
    stale = [known[pk] for pk in pks if pk not in cards and pk in known]
    if stale:
        prefetch_related_objects(
            [p for p in stale if "images" not in getattr(p, "_prefetched_objects_cache", {})],
            selectors.product_images(),
        )
        fresh = {product.pk: render(product) for product in stale}
        cards.update(fresh)
        try:
            cache.set_many({keys[pk]: (version, html) for pk, html in fresh.items()}, CARD_TIMEOUT)
        except Exception:
            logger.exception("card cache: could not store cards")
    return [cards[pk] for pk in pks if pk in cards]

"""Product cards cached per product, language and currency, shared by every page showing them.

A listing page that is not in the page cache (a new facet combination, sort or page) still
shows cards other pages have shown: each card's markup is a fragment (marketplace/caching)
depending on card:<id> and shop:<id> (and the rates outside MAD), so a sale that leaves the
piece in stock, or a change to another piece, leaves it alone. One MGET fetches all the cards
of a page and one more checks them; rows and photos are read only for the cards missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import get_language

from marketplace import caching
from marketplace.caching.pages import hole_key

from . import selectors
from .models import Product


def _key(pk: int, language: str, currency: str) -> str:
    return f"card:{language}:{currency}:{pk}"


def card_tags(product: Product, currency: str) -> tuple[str, ...]:
    """Return what a product's card shows: its card fields, its shop, the rates."""
    tags = (f"card:{product.pk}", f"shop:{product.shop_id}")
    return (*tags, "rates") if currency != settings.BASE_CURRENCY else tags


def cached_cards(
    products: Iterable[Product] | QuerySet[Product],
    *,
    language: str,
    currency: str,
    render: Callable[[Product], str],
    enabled: bool = True,
) -> list[str]:
    """Return the card markup of `products` in order, rendering only what the cache lacks."""
    if not enabled:
        out = []
        for product in products:
            caching.depends_on(*card_tags(product, currency))
            out.append(render(product))
        return out
    page = products if isinstance(products, selectors.ProductPage) else None
    if page is not None and not page.rows_read:
        pks = page.ids()  # only the ids: rows (and photos) only for the cards missing
        known: dict[int, Product] = {}
    elif isinstance(products, QuerySet) and products._result_cache is None:
        pks = list(products.values_list("pk", flat=True))
        known = {}
    else:
        known = {product.pk: product for product in products}
        pks = list(known)
    if not pks:
        return []
    keys = {pk: _key(pk, language, currency) for pk in pks}
    # Each card shows its card:<id>: those stamps come in the same round trip as the cards.
    found = caching.get_many(keys.values(), hint_tags=[f"card:{pk}" for pk in pks])
    cards = {pk: found[key] for pk, key in keys.items() if key in found}
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
        fresh = {product.pk: (render(product), card_tags(product, currency)) for product in stale}
        cards.update((pk, html) for pk, (html, _tags) in fresh.items())
        caching.set_many({keys[pk]: value for pk, value in fresh.items()})
    return [cards[pk] for pk in pks if pk in cards]


def product_page_tags(product: Product) -> tuple[str, ...]:
    """Return what a product's page shows of the catalogue, but its two holes' parts."""
    return (f"product:{product.pk}", f"shop:{product.shop_id}", "makers")


def page_key(slug: str) -> str:
    return f"product-page:{slug}"


def product_page(*, slug: str, user, enabled: bool = True) -> Product | None:
    """Return a product for its page (None: not for this visitor).

    A public piece's rows (product, shop, maker, category path, variants, photos, materials)
    are kept as one fragment: every language and currency of its page, and a page rendered
    again after a change elsewhere, read them without a query. A preview (a piece the public
    may not see) is always read afresh.
    """
    key = page_key(slug)
    if enabled:
        found = caching.get_many([key]).get(key)
        if found is not None:
            return found
    product = selectors.product_for_page(slug=slug, user=user)
    if product is None:
        return None
    caching.depends_on(*product_page_tags(product))
    if enabled and product.is_public:
        for image in product.images.all():
            image.page_sources  # noqa: B018 (worked out now, kept with the rows)
        caching.set_many({key: (product, product_page_tags(product))})
    return product


def related_tags(category_id: int, shop_id: int) -> tuple[str, str]:
    return (f"members:cat:{category_id}", f"members:shop:{shop_id}")


def related_key(product_id: int) -> str:
    return f"related:{product_id}"


def card_prefetch(ids, *, language: str, currency: str) -> tuple[list[str], list[str]]:
    """Return the keys and tags of the cards of `ids`, to read them with other fragments."""
    ids = list(ids or ())
    return [_key(pk, language, currency) for pk in ids], [f"card:{pk}" for pk in ids]


def page_parts(product: Product, *, language: str, currency: str) -> tuple[list[str], list[str]]:
    """Return the keys and hint tags of what the page of `product` reads after its rows: its
    related pieces' ids and, when this process holds them, their cards; the parts other apps
    registered, such as its reviews and labels."""
    keys, tags = card_prefetch(
        caching.peek(related_key(product.pk)), language=language, currency=currency
    )
    more_keys, more_tags = caching.prefetch_keys_for("catalogue.product_page", product)
    # Its holes as an earlier answer kept them (caching/holes.py: used while fresh).
    holes = [
        hole_key(name, product.pk, language=language, currency=currency)
        for name in ("catalogue.buy_box", "catalogue.related")
    ]
    return (
        [related_key(product.pk), *keys, *more_keys, *holes],
        [
            *related_tags(product.category_id, product.shop_id),
            *tags,
            *more_tags,
            f"stock:{product.pk}",
        ],
    )


def prefetch_page_parts(product: Product, *, language: str, currency: str) -> None:
    """Read the parts of the page of `product` (page_parts) in one round trip, unless they
    were read with its rows (first_reads)."""
    caching.prefetch(*page_parts(product, language=language, currency=currency))


def first_reads(http_request, kwargs) -> tuple[list[str], list[str]]:
    """What a product page reads first, in one round trip once the page lookup missed: its
    rows and, when this process holds them, everything page_parts() names, its holes included
    (pages.register_first_read)."""
    key = page_key(kwargs["slug"])
    product = caching.peek(key)
    if product is None:
        return [key], []
    language = get_language()
    currency = getattr(http_request, "currency", settings.BASE_CURRENCY)
    keys, tags = page_parts(product, language=language, currency=currency)
    return [key, *keys], [*product_page_tags(product), *tags]


def related_ids(*, product_id: int, category_id: int, shop_id: int, enabled: bool = True):
    """Return the ids of a product's related pieces, kept until a piece enters or leaves the
    listing of its category or shop."""
    tags = related_tags(category_id, shop_id)
    caching.depends_on(*tags)
    key = related_key(product_id)
    if enabled:
        found = caching.get_many([key])
        if key in found:
            return found[key]
    ids = selectors.product_related_ids(
        product_id=product_id, category_id=category_id, shop_id=shop_id
    )
    if enabled:
        caching.set_many({key: (ids, tags)})
    return ids

"""What a product card reads: the public products, their photos, a page of cards read lazily."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from django.db import connection
from django.db.models import Prefetch, QuerySet

from artisans.models import Shop

from ..models import Product, ProductImage


def products_public() -> QuerySet[Product]:
    """Return published products of verified shops: the only ones the public may see."""
    return Product.objects.filter(
        status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED
    )


def product_images() -> Prefetch:
    """Return the prefetch of a product's photos, in display order."""
    return Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))


# Never shown on a page: the search index's text and vector (the biggest columns of a row).
NOT_SHOWN = ("search_text", "search_vector", "status_reason")
# …nor on a card: the four descriptions.
NOT_ON_CARDS = (*NOT_SHOWN, "description_ar", "description_fr", "description_en", "description_es")


def product_cards(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Add what a product card shows (shop, first images) without N+1 queries.

    The columns a card never shows are left in the database (NOT_ON_CARDS).
    """
    return (
        qs.select_related("shop", "category")
        .prefetch_related(product_images())
        .defer(*NOT_ON_CARDS)
    )


# The SQL of listing pages' id queries, compiled once per process (see ProductPage).
_COMPILED: OrderedDict[tuple, tuple[str, tuple]] = OrderedDict()
_COMPILED_MAX = 512
_COMPILED_LOCK = threading.Lock()


def _page_ids(build: Callable[[], QuerySet], key: tuple | None) -> list[int]:
    """Run a page's id query; with `key`, compile it only the first time in this process.

    Building and compiling the ORM query of a search or a filtered listing costs more than
    PostgreSQL takes to run it. `key` names every input of the query (scope, filters,
    currency, catalogue version, sort, page), so the same SQL and parameters are run again:
    the ids always come from the database, only the SQL text is reused.
    """
    if key is None:
        return list(build())
    with _COMPILED_LOCK:
        compiled = _COMPILED.get(key)
        if compiled is not None:
            _COMPILED.move_to_end(key)
    if compiled is None:
        compiled = build().query.sql_with_params()
        with _COMPILED_LOCK:
            _COMPILED[key] = compiled
            while len(_COMPILED) > _COMPILED_MAX:
                _COMPILED.popitem(last=False)
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        return [row[0] for row in cursor.fetchall()]


class ProductPage(Sequence):
    """The products of one listing page, read only as far as they are needed.

    `ids()` reads the page's ids alone: one light query, sorted and cut by the database (the
    card cache needs nothing more when it holds every card). Iterating reads the card rows
    (shop, category, photos): of the ids already read, or, when nothing was read yet and a
    `rows` query is given, in one query with the page's ids as a subquery. `ids` and `rows`
    build those queries on demand.
    """

    def __init__(
        self,
        ids: Callable[[], QuerySet | list[int]],
        rows: Callable[[], QuerySet[Product]] | None = None,
        *,
        key: tuple | None = None,
    ):
        self._ids_query = ids
        self._rows_query = rows
        self._key = key
        self._ids: list[int] | None = None
        self._rows: list[Product] | None = None

    @property
    def rows_read(self) -> bool:
        return self._rows is not None

    @property
    def sql_key(self) -> tuple | None:
        """What names the page's id query (None: its ids are not read by SQL)."""
        return self._key

    def seed(self, ids: list[int]) -> None:
        """Take the page's ids as read earlier (kept in the cache): no id query is run."""
        if self._ids is None and self._rows is None:
            self._ids = list(ids)

    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = _page_ids(self._ids_query, self._key)
        return self._ids

    def _all(self) -> list[Product]:
        if self._rows is None:
            if self._ids is None and self._rows_query is not None:
                self._rows = list(self._rows_query())
                self._ids = [product.pk for product in self._rows]
            else:
                found = product_cards(Product.objects.filter(pk__in=self.ids())).in_bulk()
                self._rows = [found[pk] for pk in self.ids() if pk in found]
        return self._rows

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self.ids())

    def __iter__(self):
        return iter(self._all())

"""Reads for the catalogue: what the public may see, listings with facets, product pages."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
)

from artisans.models import Artisan, Membership, Region, Shop
from marketplace.core.money import CURRENCY_DECIMALS, convert_from_mad

from .models import (
    Category,
    Material,
    Product,
    ProductImage,
    Variant,
    localized,
    made_of_any,
)
from .search.query import apply_fuzzy, apply_search, search_rank_for


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


def categories_top() -> QuerySet[Category]:
    """Return the top-level categories in display order."""
    return Category.objects.filter(parent__isnull=True).order_by("position", "slug")


def home_featured(limit: int = 12) -> ProductPage:
    """Return featured products for the home page, newest first, then the newest others.

    Read lazily (ProductPage): the ids first, the card rows only for cards not cached.
    """

    def ids() -> list[int]:
        newest = ("-published_at", "-pk")
        featured = list(
            products_public()
            .filter(featured=True)
            .order_by(*newest)
            .values_list("pk", flat=True)[:limit]
        )
        if len(featured) < limit:
            featured += (
                products_public()
                .exclude(pk__in=featured)
                .order_by(*newest)
                .values_list("pk", flat=True)[: limit - len(featured)]
            )
        return featured

    return ProductPage(ids)


# --- Category tree ------------------------------------------------------------------------------
@dataclass
class CategoryTree:
    """Every category, fetched once, with parent/child links resolved in memory."""

    by_slug: dict[str, Category]
    by_pk: dict[int, Category]
    children: dict[int | None, list[Category]]

    def descendants(self, category: Category) -> list[int]:
        """Return the pks of a category and everything under it."""
        out, stack = [], [category]
        while stack:
            node = stack.pop()
            out.append(node.pk)
            stack.extend(self.children.get(node.pk, []))
        return out

    def ancestors(self, category: Category) -> list[Category]:
        """Return the path from the root down to the category's parent."""
        path, node = [], category
        while node.parent_id:
            node = self.by_pk[node.parent_id]
            path.insert(0, node)
        return path


def category_tree() -> CategoryTree:
    """Return the whole category tree in one query."""
    cats = list(Category.objects.order_by("position", "slug"))
    children: dict[int | None, list[Category]] = {}
    for cat in cats:
        children.setdefault(cat.parent_id, []).append(cat)
    return CategoryTree(
        by_slug={c.slug: c for c in cats}, by_pk={c.pk: c for c in cats}, children=children
    )


# --- Prices in the buyer's currency -------------------------------------------------------------
PRICE_BUCKETS = {  # in the buyer's currency
    "MAD": [0, 250, 500, 1000, 2500],
    "EUR": [0, 25, 50, 100, 250],
    "USD": [0, 25, 50, 100, 250],
}


def mad_bounds(
    low: Decimal | None, high: Decimal | None, currency: str, rate: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """Turn an inclusive price range in `currency` into a MAD range [lo, hi) on stored prices.

    A product matches when the price the buyer sees (MAD x rate, rounded half up to the
    currency's precision) lies within the range, so the boundaries are widened by half a unit.
    """
    if currency == settings.BASE_CURRENCY:
        rate = Decimal("1")
    half = Decimal(1).scaleb(-CURRENCY_DECIMALS[currency]) / 2
    lo = (low - half) / rate if low is not None and low > 0 else None
    hi = (high + half) / rate if high is not None else None
    return lo, hi


def price_q(low, high, currency, rate) -> Q:
    lo, hi = mad_bounds(low, high, currency, rate)
    q = Q()
    if lo is not None:
        q &= Q(price__gte=lo)
    if hi is not None:
        q &= Q(price__lt=hi)
    return q


# --- Listings -----------------------------------------------------------------------------------
@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    level: int = 0


@dataclass
class Listing:
    """One page of a listing with its facets; everything a template needs."""

    page: Page
    total: int
    ranked: bool
    fuzzy: bool
    categories: list[FacetValue] = field(default_factory=list)
    regions: list[FacetValue] = field(default_factory=list)
    materials: list[FacetValue] = field(default_factory=list)
    kinds: list[FacetValue] = field(default_factory=list)
    made_to_order: int = 0
    in_stock: int = 0
    price_buckets: list[dict] = field(default_factory=list)
    price_span: tuple[Decimal | None, Decimal | None] = (None, None)
    # A search's matches in relevance order (ids), kept with its counts (listing_cache.py) when
    # a page was asked in that order: every page of it is then cut from this list.
    ranking: list[int] | None = None


# A search ranks every match to show the first page; up to this many, the order is kept.
RANKING_MAX = 5000

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


def _kind_q(kind: str) -> Q:
    if kind == "artisan":
        return Q(shop__cooperative__isnull=True)
    if kind == "cooperative":
        return Q(shop__cooperative__isnull=False)
    return Q()


def _sort(qs: QuerySet, sort: str, ranked: bool) -> QuerySet:
    if sort == "relevance" and ranked:
        return qs.order_by("-rank", "-published_at", "-pk")
    if sort == "price_asc":
        return qs.order_by("price", "pk")
    if sort == "price_desc":
        return qs.order_by("-price", "-pk")
    if sort == "rating":
        return qs.order_by("-rating_avg", "-rating_count", "-published_at", "-pk")
    if sort == "relevance":
        return qs.order_by("-featured", "-published_at", "-pk")
    return qs.order_by("-published_at", "-pk")


def _bits(mask: int) -> list[int]:
    """Return the positions of the bits set in `mask`."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass
class _Prepared:
    """A listing's filtered query and the parts the facet counts need (product_listing)."""

    qs: QuerySet[Product]
    ranked: bool
    parts: dict[str, Q]
    rate: Decimal
    sub: Category | None
    in_sub: set[int] | None
    regions: set[str]
    material_slugs: list[str]
    materials: list[Material]
    chosen_bits: int

    def without(self, *names: str) -> Q:
        """Every filter but `names`, and-ed."""
        q = Q()
        for name, part in self.parts.items():
            if name not in names:
                q &= part
        return q


def _prepare(filters, currency, rates, tree, base, category, *, want_materials) -> _Prepared:
    qs = base if base is not None else products_public()
    if category is not None:
        qs = qs.filter(category_id__in=tree.descendants(category))
    ranked = False
    if filters.get("q"):
        qs, ranked = apply_search(qs, filters["q"])
    rate = rates.get(currency, Decimal("1"))
    sub = tree.by_slug.get(filters.get("category") or "")
    if sub is not None and category is not None and sub.pk not in tree.descendants(category):
        sub = None
    in_sub = set(tree.descendants(sub)) if sub else None
    regions = set(filters.get("region") or [])
    material_slugs = filters.get("material") or []
    materials = list(Material.objects.all()) if want_materials or material_slugs else []
    # Unknown slugs add no bit: asking only for those matches nothing, as a join would.
    chosen_bits = 0
    for material in materials:
        if material.slug in material_slugs:
            chosen_bits |= material.mask
    parts = {
        "category": Q(category_id__in=in_sub) if sub else Q(),
        "region": Q(region__in=regions) if regions else Q(),
        "material": made_of_any(chosen_bits) if material_slugs else Q(),
        "kind": _kind_q(filters.get("kind") or ""),
        "mto": Q(made_to_order=True) if filters.get("mto") else Q(),
        "stock": Q(in_stock=True) if filters.get("in_stock") else Q(),
        "price": price_q(filters.get("min"), filters.get("max"), currency, rate),
    }
    return _Prepared(
        qs, ranked, parts, rate, sub, in_sub, regions, material_slugs, materials, chosen_bits
    )


def product_listing(
    *,
    filters: dict,
    currency: str,
    rates: dict[str, Decimal],
    tree: CategoryTree,
    base: QuerySet[Product] | None = None,
    category: Category | None = None,
    page_number: int | str = 1,
    facet_regions: bool = True,
    facets: dict | None = None,
    compiled_key: tuple | None = None,
) -> Listing:
    """Filter, facet, sort and paginate public products in a constant number of queries.

    Each facet counts what the other filters leave, so ticking a value never hides its
    siblings. Prices are compared in the buyer's currency with the stored rate. `facets`:
    the facet fields of a Listing counted earlier for the same scope and filters (see
    listing_cache.py); then only the page is fetched. `compiled_key` names everything the
    page's query depends on but its sort and page (scope, filters, currency, catalogue
    version): the SQL of a page compiled once is reused in this process (ProductPage).
    """
    if facets is not None:
        # Counted before: only the page is read, and the filtered query is only built (and
        # compiled) when this process has not compiled the page's SQL yet (`compiled_key`).
        def results() -> QuerySet[Product]:
            if facets["fuzzy"]:
                return apply_fuzzy(products_public() if base is None else base, filters["q"])
            prepared = _prepare(
                filters, currency, rates, tree, base, category, want_materials=False
            )
            return prepared.qs.filter(prepared.without())

        page_facets = {k: v for k, v in facets.items() if k not in ("total", "ranked")}
        return _listing_page(
            results,
            filters=filters,
            ranked=facets["ranked"],
            total=facets["total"],
            page_number=page_number,
            facets=page_facets,
            compiled_key=compiled_key,
        )

    prepared = _prepare(filters, currency, rates, tree, base, category, want_materials=True)
    qs, ranked, parts, rate = prepared.qs, prepared.ranked, prepared.parts, prepared.rate
    in_sub, sub, regions = prepared.in_sub, prepared.sub, prepared.regions
    material_slugs, materials = prepared.material_slugs, prepared.materials
    chosen_bits, without = prepared.chosen_bits, prepared.without

    # Every facet comes from one grouped query. Each (category, region, materials) group
    # counts its products under every filter but its own (kind, made to order, stock, price);
    # the category, region and material filters are applied here, group by group, so each of
    # those facets adds up the groups that pass the other two.
    inner = ("kind", "mto", "stock", "price")

    def others(name: str) -> Q:
        q = Q()
        for other in inner:
            if other != name:
                q &= parts[other]
        return q  # an empty Q() counts without a FILTER clause

    buckets = PRICE_BUCKETS.get(currency, PRICE_BUCKETS["MAD"])
    unit = Decimal(1).scaleb(-CURRENCY_DECIMALS[currency])
    bucket_ranges = []
    for i, low in enumerate(buckets):
        high = Decimal(buckets[i + 1]) - unit if i + 1 < len(buckets) else None
        bucket_ranges.append((Decimal(low), high))
    # Counted on category_id (never NULL; Django allows no COUNT(*) with a filter) and grouped
    # on columns of the product_cat_facets index, so PostgreSQL answers from the index alone.
    counts = {
        "total": Count("category_id", filter=others("")),
        "artisan": Count("category_id", filter=_kind_q("artisan") & others("kind")),
        "cooperative": Count("category_id", filter=_kind_q("cooperative") & others("kind")),
        "mto": Count("category_id", filter=Q(made_to_order=True) & others("mto")),
        "stock": Count("category_id", filter=Q(in_stock=True) & others("stock")),
    }
    for i, (low, high) in enumerate(bucket_ranges):
        counts[f"b{i}"] = Count(
            "category_id", filter=price_q(low, high, currency, rate) & others("price")
        )
    # Every count leaves out at most one filter, so a piece failing two is in none of them:
    # skip it before grouping (on a filtered page of a large catalogue, most pieces).
    active = [part for part in parts.values() if part]
    counted = qs
    if len(active) > 1:
        all_but_one = Q()
        for i in range(len(active)):
            all_but_one |= Q(*(part for j, part in enumerate(active) if j != i))
        counted = qs.filter(all_but_one)
    groups = (
        counted.order_by()
        .values("category_id", "region", "material_bits")
        .annotate(
            **counts,
            lo=Min("price", filter=others("price")),
            hi=Max("price", filter=others("price")),
        )
    )
    agg: dict = dict.fromkeys(counts, 0)
    agg["lo"] = agg["hi"] = None
    by_category: dict[int, int] = {}
    by_region: dict[str, int] = {}
    by_bit: dict[int, int] = {}
    for row in groups:
        in_category = in_sub is None or row["category_id"] in in_sub
        in_region = not regions or row["region"] in regions
        in_material = not material_slugs or bool(row["material_bits"] & chosen_bits)
        n = row["total"]
        if in_region and in_material:
            by_category[row["category_id"]] = by_category.get(row["category_id"], 0) + n
        if in_category and in_material:
            by_region[row["region"]] = by_region.get(row["region"], 0) + n
        if not (in_category and in_region):
            continue
        for bit in _bits(row["material_bits"]):
            by_bit[bit] = by_bit.get(bit, 0) + n
        if in_material:
            for key in counts:
                agg[key] += row[key]
            if row["lo"] is not None and (agg["lo"] is None or row["lo"] < agg["lo"]):
                agg["lo"] = row["lo"]
            if row["hi"] is not None and (agg["hi"] is None or row["hi"] > agg["hi"]):
                agg["hi"] = row["hi"]

    fuzzy = False
    results = qs.filter(without())
    if (
        agg["total"] == 0
        and filters.get("q")
        and not any(filters.get(k) for k in parts if k != "q")
    ):
        near = apply_fuzzy(products_public() if base is None else base, filters["q"])
        if near is not None and category is None:
            results, fuzzy = near, True
    ranking = None
    if (
        ranked
        and not fuzzy
        and (filters.get("sort") or "relevance") == "relevance"
        and 0 < agg["total"] <= RANKING_MAX
    ):
        # Ranking every match is what the first page costs anyway: keep the whole order.
        ranking = list(_sort(results, "relevance", True).values_list("pk", flat=True))

    listing_categories = []
    under = category.pk if category else None
    if tree.children.get(under):
        # Count each piece for its category and every ancestor, then show two levels.
        per_node: dict[int, int] = {}
        for category_id, n in by_category.items():
            node = tree.by_pk.get(category_id)
            while node is not None and node.pk != under:
                per_node[node.pk] = per_node.get(node.pk, 0) + n
                node = tree.by_pk.get(node.parent_id) if node.parent_id else None
        for child in tree.children.get(under, []):
            if not per_node.get(child.pk):
                continue
            listing_categories.append(
                FacetValue(child.slug, child.title, per_node[child.pk], selected=sub == child)
            )
            for grandchild in tree.children.get(child.pk, []):
                if per_node.get(grandchild.pk):
                    listing_categories.append(
                        FacetValue(
                            grandchild.slug,
                            grandchild.title,
                            per_node[grandchild.pk],
                            selected=sub == grandchild,
                            level=1,
                        )
                    )
    listing_regions = []
    if facet_regions:
        labels = dict(Region.choices)
        for region in sorted(by_region, key=lambda r: str(labels.get(r, r))):
            if by_region[region]:
                listing_regions.append(
                    FacetValue(
                        region,
                        str(labels.get(region, region)),
                        by_region[region],
                        region in regions,
                    )
                )
    listing_materials = [
        FacetValue(
            material.slug,
            localized(material, "title")[0],
            by_bit[material.bit],
            material.slug in material_slugs,
        )
        for material in materials
        if by_bit.get(material.bit)
    ]
    listing_materials.sort(key=lambda f: (-f.count, f.label))

    def shown(amount):
        return convert_from_mad(amount, currency, rate) if amount is not None else None

    return _listing_page(
        results,
        filters=filters,
        ranked=ranked,
        total=None if fuzzy else agg["total"],  # already counted: save a query
        page_number=page_number,
        compiled_key=compiled_key,
        facets=dict(
            fuzzy=fuzzy,
            categories=listing_categories,
            regions=listing_regions,
            materials=listing_materials,
            kinds=[
                FacetValue("artisan", "", agg["artisan"], filters.get("kind") == "artisan"),
                FacetValue(
                    "cooperative", "", agg["cooperative"], filters.get("kind") == "cooperative"
                ),
            ],
            made_to_order=agg["mto"],
            in_stock=agg["stock"],
            price_buckets=[
                {
                    "min": low or None,
                    "max": high,
                    "upper": Decimal(buckets[i + 1]) if i + 1 < len(buckets) else None,
                    "count": agg[f"b{i}"],
                    "selected": filters.get("min") == (low or None) and filters.get("max") == high,
                }
                for i, (low, high) in enumerate(bucket_ranges)
            ],
            price_span=(shown(agg["lo"]), shown(agg["hi"])),
            ranking=ranking,
        ),
    )


def _listing_page(
    results: QuerySet[Product] | Callable[[], QuerySet[Product]],
    *,
    filters: dict,
    ranked: bool,
    total: int | None,
    page_number: int | str,
    facets: dict,
    compiled_key: tuple | None = None,
) -> Listing:
    """Sort and paginate the listing's results; `total`, when known, saves the count query.

    `results` may be a function building the query, called only if the page needs it.
    """
    per_page = filters.get("per_page") or 24
    sort = filters.get("sort") or ("relevance" if ranked else "newest")

    def sorted_results() -> QuerySet[Product]:
        return _sort(results() if callable(results) else results, sort, ranked)

    if total is None or facets.get("fuzzy"):
        paginator = Paginator(product_cards(sorted_results()), per_page)
        if total is not None:
            paginator.__dict__["count"] = total
        page = paginator.get_page(page_number)
        return Listing(page=page, total=paginator.count, ranked=ranked, **facets)

    paginator = Paginator([], per_page)  # counted already; the page's rows come below
    paginator.__dict__["count"] = total
    page = paginator.get_page(page_number)
    first = (page.number - 1) * per_page

    def ids() -> QuerySet:
        return sorted_results().values_list("pk", flat=True)[first : first + per_page]

    def rows() -> QuerySet[Product]:
        # Sort and cut the page on ids alone, then read the whole rows (shop and category
        # joined) of that page only: a search sorts thousands of matches, never their rows.
        # Still one query: the page's ids are a subquery.
        rows = Product.objects.filter(
            pk__in=sorted_results().values("pk")[first : first + per_page]
        )
        if ranked:
            rows = rows.alias(rank=search_rank_for(filters["q"]))
        return product_cards(_sort(rows, sort, ranked))

    ranking = facets.get("ranking")
    if ranking is not None and sort == "relevance":
        page.object_list = ProductPage(lambda: ranking[first : first + per_page])
    else:
        key = (*compiled_key, sort, per_page, page.number) if compiled_key is not None else None
        page.object_list = ProductPage(ids, rows, key=key)
    return Listing(page=page, total=total, ranked=ranked, **facets)


# --- Product, shop and artisan pages ------------------------------------------------------------
def user_manages_shop(user, shop: Shop) -> bool:
    """Whether a user is the shop's artisan or a manager of its cooperative."""
    if not getattr(user, "is_authenticated", False):
        return False
    if shop.artisan_id:
        return shop.artisan is not None and shop.artisan.user_id == user.pk
    return Membership.objects.filter(
        cooperative_id=shop.cooperative_id,
        artisan__user_id=user.pk,
        role=Membership.Role.MANAGER,
    ).exists()


def can_preview(user, shop: Shop) -> bool:
    """Staff and the shop's own people may see what the public may not."""
    return bool(getattr(user, "is_staff", False)) or user_manages_shop(user, shop)


def product_for_page(*, slug: str, user) -> Product | None:
    """Return the product for its page, or None when this visitor may not see it."""
    product = (
        Product.objects.select_related(
            "shop__artisan", "shop__cooperative", "category__parent", "maker"
        )
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
            product_images(),
            "materials",
        )
        .defer(*NOT_SHOWN)
        .filter(slug=slug)
        .first()
    )
    if product is None:
        return None
    if product.is_public or can_preview(user, product.shop):
        return product
    return None


def product_related(*, product: Product, limit: int = 4) -> ProductPage:
    """Return other public pieces from the same category, then the same shop.

    Read lazily (ProductPage): their ids, then card rows only for cards not cached.
    """
    qs = (
        products_public()
        .filter(Q(category_id=product.category_id) | Q(shop_id=product.shop_id))
        .exclude(pk=product.pk)
        .order_by("-featured", "-published_at", "-pk")
    )
    return ProductPage(lambda: qs.values_list("pk", flat=True)[:limit])


def shop_for_page(*, slug: str, user) -> Shop | None:
    """Return a shop for its public page, or None when this visitor may not see it."""
    shop = Shop.objects.select_related("artisan", "cooperative").filter(slug=slug).first()
    if shop is None:
        return None
    if shop.status == Shop.Status.VERIFIED or can_preview(user, shop):
        return shop
    return None


def cooperative_members(*, cooperative_id: int) -> list[Membership]:
    """Return a cooperative's members, managers first."""
    return list(
        Membership.objects.filter(cooperative_id=cooperative_id)
        .select_related("artisan")
        .order_by("role", "artisan__name")
    )


def artisan_for_page(*, slug: str) -> Artisan | None:
    """Return an artisan whose work is on sale in a verified shop (own or cooperative)."""
    return (
        Artisan.objects.filter(slug=slug)
        .filter(
            Q(shop__status=Shop.Status.VERIFIED)
            | Q(cooperatives__shop__status=Shop.Status.VERIFIED)
        )
        .select_related("shop")
        .first()
    )


def artisan_cooperatives(*, artisan: Artisan) -> list[Membership]:
    """Return the artisan's memberships in cooperatives that sell."""
    return list(
        Membership.objects.filter(
            artisan=artisan, cooperative__shop__status=Shop.Status.VERIFIED
        ).select_related("cooperative__shop")
    )


def artisan_products(*, artisan: Artisan, limit: int = 24) -> list[Product]:
    """Return public pieces this artisan made, or sold in their own shop."""
    qs = products_public().filter(Q(maker=artisan) | Q(shop__artisan=artisan))
    return list(product_cards(qs.order_by("-published_at", "-pk"))[:limit])


def sitemap_products() -> QuerySet[Product]:
    """Return public products for the sitemap."""
    return products_public().only("slug", "updated_at").order_by("pk")


def sitemap_shops() -> QuerySet[Shop]:
    """Return verified shops for the sitemap."""
    return (
        Shop.objects.filter(status=Shop.Status.VERIFIED).only("slug", "updated_at").order_by("pk")
    )

"""A listing page: filter, count the facets, sort and paginate in a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet

from artisans.models import Region
from marketplace.core.money import CURRENCY_DECIMALS, convert_from_mad

from ..hooks import listing_filter_q
from ..models import Category, Product, localized
from ..search.query import apply_fuzzy, search_rank_for
from .cards import ProductPage, product_cards, products_public
from .filters import _bits, _kind_q, _prepare, _sort
from .prices import PRICE_BUCKETS, price_q
from .tree import CategoryTree


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
        and not listing_filter_q(filters)
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

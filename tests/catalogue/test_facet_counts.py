"""Every facet count and every result, for many filter combinations, equals a plain recount.

The listing counts its facets in one grouped query and applies the category, region and
material filters group by group in Python; this recounts each facet piece by piece from the
rows themselves, as a buyer would expect it: a facet value counts the public pieces that pass
every other filter.
"""

import random
from decimal import Decimal

import pytest

from marketplace.catalogue import selectors
from marketplace.catalogue.models import Product
from marketplace.core.money import convert_from_mad
from tests.factories import (
    CategoryFactory,
    MaterialFactory,
    ProductFactory,
    ShopFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db

REGIONS = ["marrakech-safi", "fes-meknes", "souss-massa"]
PRICES = ["90.00", "249.99", "250.00", "480.00", "999.99", "1200.00", "3000.00"]
RATES = {"MAD": Decimal("1"), "EUR": Decimal("0.0921")}


@pytest.fixture
def stock_room():
    """Thirty-odd pieces spread over categories, regions, materials, kinds, stock and prices."""
    rng = random.Random(7)
    pottery = CategoryFactory(slug="pottery")
    tagines = CategoryFactory(slug="tagines", parent=pottery)
    plates = CategoryFactory(slug="plates", parent=pottery)
    small = CategoryFactory(slug="small-plates", parent=plates)
    carpets = CategoryFactory(slug="carpets")
    categories = [pottery, tagines, plates, small, carpets]
    materials = [MaterialFactory(slug=s) for s in ("clay", "glaze", "wool", "cedar")]
    shops = [
        ShopFactory(region=REGIONS[0]),
        ShopFactory(region=REGIONS[1], coop=True),
        ShopFactory(region=REGIONS[2]),
    ]
    hidden_shop = ShopFactory(status="suspended")
    for n in range(34):
        shop = hidden_shop if n == 33 else shops[n % 3]
        product = ProductFactory(
            slug=f"piece-{n:02d}",
            category=rng.choice(categories),
            shop=shop,
            region=rng.choice(REGIONS),
            materials=rng.sample(materials, rng.randint(0, 3)),
            made_to_order=n % 5 == 0,
            status="draft" if n == 32 else "published",
        )
        VariantFactory(product=product, price=Decimal(rng.choice(PRICES)), stock=rng.choice([0, 3]))
    return {"categories": categories, "materials": materials}


def _rows():
    rows = []
    products = Product.objects.filter(status="published", shop__status="verified")
    for p in products.select_related("shop").prefetch_related("materials"):
        rows.append(
            {
                "slug": p.slug,
                "category": p.category_id,
                "region": p.region,
                "materials": {m.slug for m in p.materials.all()},
                "kind": "cooperative" if p.shop.cooperative_id else "artisan",
                "mto": p.made_to_order,
                "stock": p.in_stock,
                "price": p.price,
            }
        )
    return rows


def _expected(rows, tree, filters, category, currency):
    """Recount every facet from the rows, each without its own filter."""
    rate = RATES[currency]
    if category is not None:
        scope = set(tree.descendants(category))
        rows = [r for r in rows if r["category"] in scope]
    sub = tree.by_slug.get(filters["category"])
    if sub is not None and category is not None and sub.pk not in tree.descendants(category):
        sub = None

    def price_ok(price, low, high):
        lo, hi = selectors.mad_bounds(low, high, currency, rate)
        return (lo is None or price >= lo) and (hi is None or price < hi)

    tests = {
        "category": lambda r: sub is None or r["category"] in tree.descendants(sub),
        "region": lambda r: not filters["region"] or r["region"] in filters["region"],
        "material": lambda r: (
            not filters["material"] or bool(r["materials"] & set(filters["material"]))
        ),
        "kind": lambda r: not filters["kind"] or r["kind"] == filters["kind"],
        "mto": lambda r: not filters["mto"] or r["mto"],
        "stock": lambda r: not filters["in_stock"] or r["stock"],
        "price": lambda r: price_ok(r["price"], filters["min"], filters["max"]),
    }

    def passing(*but):
        return [r for r in rows if all(t(r) for name, t in tests.items() if name not in but)]

    out = {"results": sorted(r["slug"] for r in passing())}
    out["total"] = len(out["results"])
    counts = {}
    for r in passing("category"):
        node = tree.by_pk[r["category"]]
        while node is not None and node != category:
            counts[node.slug] = counts.get(node.slug, 0) + 1
            node = tree.by_pk.get(node.parent_id)
    under = category.pk if category else None
    shown = {}
    for child in tree.children.get(under, []):
        if counts.get(child.slug):
            shown[child.slug] = counts[child.slug]
            for grandchild in tree.children.get(child.pk, []):
                if counts.get(grandchild.slug):
                    shown[grandchild.slug] = counts[grandchild.slug]
    out["categories"] = shown
    regions = {}
    for r in passing("region"):
        regions[r["region"]] = regions.get(r["region"], 0) + 1
    out["regions"] = regions
    materials = {}
    for r in passing("material"):
        for slug in r["materials"]:
            materials[slug] = materials.get(slug, 0) + 1
    out["materials"] = materials
    out["kinds"] = {
        kind: sum(1 for r in passing("kind") if r["kind"] == kind)
        for kind in ("artisan", "cooperative")
    }
    out["mto"] = sum(1 for r in passing("mto") if r["mto"])
    out["stock"] = sum(1 for r in passing("stock") if r["stock"])
    unit = Decimal("0.01")
    bounds = selectors.PRICE_BUCKETS[currency]
    buckets = []
    for i, low in enumerate(bounds):
        high = Decimal(bounds[i + 1]) - unit if i + 1 < len(bounds) else None
        buckets.append(sum(1 for r in passing("price") if price_ok(r["price"], Decimal(low), high)))
    out["buckets"] = buckets
    prices = [r["price"] for r in passing("price")]
    out["span"] = (min(prices), max(prices)) if prices else (None, None)
    return out


def _actual(listing):
    return {
        "results": sorted(p.slug for p in listing.page.object_list),
        "total": listing.total,
        "categories": {f.value: f.count for f in listing.categories},
        "regions": {f.value: f.count for f in listing.regions},
        "materials": {f.value: f.count for f in listing.materials},
        "kinds": {f.value: f.count for f in listing.kinds},
        "mto": listing.made_to_order,
        "stock": listing.in_stock,
        "buckets": [b["count"] for b in listing.price_buckets],
    }


def test_every_facet_equals_a_recount_for_many_filter_combinations(stock_room):
    tree = selectors.category_tree()
    rows = _rows()
    rng = random.Random(11)
    choices = {
        "category": ["", "", "pottery", "plates", "small-plates", "carpets", "tagines"],
        "region": [[], [], [REGIONS[0]], [REGIONS[1], REGIONS[2]]],
        "material": [[], [], ["clay"], ["glaze", "wool"], ["cedar"], ["no-such-material"]],
        "kind": ["", "", "artisan", "cooperative"],
        "mto": [False, False, True],
        "in_stock": [False, True],
        "price": [(None, None), (None, None), (None, Decimal("249.99")), (Decimal("250"), None)],
    }
    checked = 0
    for _ in range(120):
        pick = {name: rng.choice(values) for name, values in choices.items()}
        low, high = pick.pop("price")
        filters = {**pick, "min": low, "max": high, "per_page": 48, "q": ""}
        category = rng.choice([None, None, tree.by_slug["pottery"], tree.by_slug["plates"]])
        currency = rng.choice(["MAD", "EUR"])
        listing = selectors.product_listing(
            filters=filters, currency=currency, rates=RATES, tree=tree, category=category
        )
        expected = _expected(rows, tree, filters, category, currency)
        span = expected.pop("span")
        assert _actual(listing) == expected, (filters, category, currency)
        assert listing.price_span == tuple(
            None if v is None else convert_from_mad(v, currency, RATES[currency]) for v in span
        )
        checked += 1
    assert checked == 120

"""Facets and sorting on a known fixture: each filter returns exactly the expected pieces."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.catalogue.models import Product
from marketplace.core.services import exchange_rate_set
from tests.factories import (
    CategoryFactory,
    MaterialFactory,
    ProductFactory,
    ShopFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    """Four public pieces (and hidden ones) whose facets are known by heart."""
    now = timezone.now()
    pottery = CategoryFactory(slug="pottery")
    tagines = CategoryFactory(slug="tagines", parent=pottery)
    plates = CategoryFactory(slug="plates", parent=pottery)
    carpets = CategoryFactory(slug="carpets")
    clay = MaterialFactory(slug="clay", title_en="Clay")
    glaze = MaterialFactory(slug="glaze", title_en="Glaze")
    wool = MaterialFactory(slug="wool", title_en="Wool")
    safi = ShopFactory(region="marrakech-safi")
    coop = ShopFactory(coop=True, region="beni-mellal-khenifra")

    def piece(slug, category, shop, price, stock, materials, age, **kw):
        product = ProductFactory(
            slug=slug,
            category=category,
            shop=shop,
            region=shop.region,
            materials=materials,
            published_at=now - timedelta(days=age),
            **kw,
        )
        VariantFactory(product=product, price=Decimal(price), stock=stock)
        return product

    piece("tagine-a", tagines, safi, "200.00", 5, [clay], age=4)
    piece("plate-b", plates, safi, "450.00", 0, [clay, glaze], age=3)
    piece(
        "rug-c", carpets, coop, "3000.00", 0, [wool], age=2, made_to_order=True, lead_time_days=21
    )
    piece("tagine-d", tagines, coop, "900.00", 2, [clay], age=1)
    Product.objects.filter(slug="tagine-d").update(rating_avg=Decimal("4.80"), rating_count=5)
    Product.objects.filter(slug="plate-b").update(rating_avg=Decimal("4.20"), rating_count=3)
    # Never listed: a draft, and a piece of a suspended shop.
    piece("draft-e", tagines, safi, "300.00", 5, [clay], age=0, status="draft")
    piece("hidden-f", tagines, ShopFactory(status="suspended"), "300.00", 5, [clay], age=0)
    return {"pottery": pottery, "tagines": tagines}


def slugs(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [p.slug for p in response.context["products"]], response.context["listing"]


def test_all_pieces_lists_only_public_ones_newest_first(client, shelf):
    found, listing = slugs(client, "/en/products/")
    assert found == ["tagine-d", "rug-c", "plate-b", "tagine-a"]
    assert listing.total == 4


def test_category_page_includes_sub_categories_with_counts(client, shelf):
    found, listing = slugs(client, "/en/c/pottery/")
    assert set(found) == {"tagine-d", "plate-b", "tagine-a"}
    assert {(f.value, f.count) for f in listing.categories} == {("tagines", 2), ("plates", 1)}


def test_sub_category_filter_narrows_the_category_page(client, shelf):
    found, _ = slugs(client, "/en/c/pottery/", category="tagines")
    assert set(found) == {"tagine-d", "tagine-a"}


def test_unknown_category_is_404(client, shelf):
    assert client.get("/en/c/no-such-craft/").status_code == 404


def test_region_facet_counts_siblings_while_one_is_chosen(client, shelf):
    found, listing = slugs(client, "/en/products/", region="beni-mellal-khenifra")
    assert set(found) == {"rug-c", "tagine-d"}
    counts = {f.value: (f.count, f.selected) for f in listing.regions}
    assert counts == {"beni-mellal-khenifra": (2, True), "marrakech-safi": (2, False)}


def test_category_and_region_facets_each_count_what_the_other_leaves(client, shelf):
    found, listing = slugs(client, "/en/c/pottery/", category="tagines", region="marrakech-safi")
    assert found == ["tagine-a"]
    # Sub-categories are counted within the chosen region, regions within the chosen
    # sub-category: ticking one never hides the other's siblings.
    assert {(f.value, f.count, f.selected) for f in listing.categories} == {
        ("tagines", 1, True),
        ("plates", 1, False),
    }
    assert {(f.value, f.count, f.selected) for f in listing.regions} == {
        ("marrakech-safi", 1, True),
        ("beni-mellal-khenifra", 1, False),
    }


def test_materials_are_either_or(client, shelf):
    found, _ = slugs(client, "/en/products/", material="wool")
    assert found == ["rug-c"]
    found, listing = slugs(client, "/en/products/", material=["glaze", "wool"])
    assert set(found) == {"rug-c", "plate-b"}
    assert {f.value: f.count for f in listing.materials} == {"clay": 3, "glaze": 1, "wool": 1}


def test_seller_kind(client, shelf):
    found, listing = slugs(client, "/en/products/", kind="cooperative")
    assert set(found) == {"rug-c", "tagine-d"}
    assert {f.value: f.count for f in listing.kinds} == {"artisan": 2, "cooperative": 2}
    found, _ = slugs(client, "/en/products/", kind="artisan")
    assert set(found) == {"tagine-a", "plate-b"}


def test_made_to_order_and_in_stock(client, shelf):
    found, listing = slugs(client, "/en/products/", mto="1")
    assert found == ["rug-c"]
    found, listing = slugs(client, "/en/products/", in_stock="1")
    # A made-to-order piece can always be ordered; the sold-out plate cannot.
    assert set(found) == {"tagine-a", "rug-c", "tagine-d"}
    assert listing.in_stock == 3 and listing.made_to_order == 1


def test_facets_combine(client, shelf):
    found, _ = slugs(client, "/en/c/pottery/", kind="cooperative", material="clay", in_stock="1")
    assert found == ["tagine-d"]


def test_price_range_in_mad(client, shelf):
    found, _ = slugs(client, "/en/products/", min="400", max="1000")
    assert set(found) == {"plate-b", "tagine-d"}
    found, _ = slugs(client, "/en/products/", min="450", max="450")
    assert found == ["plate-b"]


def test_price_range_is_in_the_buyers_currency(client, shelf):
    exchange_rate_set(currency="USD", rate=Decimal("0.1085"))
    client.post("/en/currency/", {"currency": "USD", "next": "/en/"})
    # 450 MAD x 0.1085 = 48.825, shown as $48.83: the range compares what the buyer sees.
    found, _ = slugs(client, "/en/products/", min="48.83", max="100")
    assert set(found) == {"plate-b", "tagine-d"}
    found, _ = slugs(client, "/en/products/", max="48.82")
    assert found == ["tagine-a"]
    found, listing = slugs(client, "/en/products/", max="48.83")
    assert set(found) == {"tagine-a", "plate-b"}
    # Buckets are in dollars too: under $25 holds the 200 MAD tagine ($21.70).
    assert listing.price_buckets[0]["count"] == 1
    assert listing.price_buckets[0]["upper"] == Decimal("25")


def test_bad_parameters_are_ignored_not_an_error(client, shelf):
    found, _ = slugs(client, "/en/products/", min="cheap", sort="weird", per_page="999")
    assert len(found) == 4


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("newest", ["tagine-d", "rug-c", "plate-b", "tagine-a"]),
        ("price_asc", ["tagine-a", "plate-b", "tagine-d", "rug-c"]),
        ("price_desc", ["rug-c", "tagine-d", "plate-b", "tagine-a"]),
        ("rating", ["tagine-d", "plate-b", "rug-c", "tagine-a"]),
    ],
)
def test_sorting(client, shelf, sort, expected):
    found, _ = slugs(client, "/en/products/", sort=sort)
    assert found == expected


def test_relevance_puts_title_matches_first(client, shelf):
    ProductFactory(slug="mention", title_en="Cup", description_en="goes well with a tagine")
    ProductFactory(slug="titled", title_en="Tagine of Safi")
    found, _ = slugs(client, "/en/search/", q="tagine", sort="relevance")
    assert found.index("titled") < found.index("mention")


def test_pagination_keeps_the_facets_in_the_url(client, shelf):
    response = client.get("/en/products/", {"per_page": 12, "kind": "artisan"})
    assert response.context["listing"].page.paginator.per_page == 12
    for i in range(12):
        VariantFactory(product__slug=f"extra-{i}", product__shop__coop=False)
    response = client.get("/en/products/", {"per_page": 12, "kind": "artisan", "page": 2})
    body = response.content.decode()
    assert response.context["listing"].page.number == 2
    assert 'rel="prev" href="?per_page=12&amp;kind=artisan&amp;page=1"' in body

"""Listing, search and shop pages run a constant number of queries (≤ 10); a product page ≤ 12."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artisans.models import Membership
from marketplace.catalogue.models import ProductImage
from tests.factories import (
    ArtisanFactory,
    CategoryFactory,
    MaterialFactory,
    ProductFactory,
    ShopFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    parent = CategoryFactory(slug="pottery")
    child = CategoryFactory(slug="tagines", parent=parent)
    materials = [MaterialFactory(slug="clay"), MaterialFactory(slug="glaze")]
    shop = ShopFactory(coop=True, name="Tifawin")
    for _i in range(3):
        Membership.objects.create(cooperative=shop.cooperative, artisan=ArtisanFactory())
    return {"category": child, "materials": materials, "shop": shop}


def add_products(world, n):
    for _ in range(n):
        product = ProductFactory(
            shop=world["shop"],
            category=world["category"],
            title_fr="Tajine de Safi",
            materials=world["materials"],
        )
        VariantFactory(product=product, price=Decimal("300.00"))
        VariantFactory(product=product, price=Decimal("400.00"))
        for position in range(2):
            ProductImage.objects.create(
                product=product,
                original=f"products/originals/{product.pk}-{position}.jpg",
                renditions={"card": {"jpeg": "r/c.jpg", "webp": "r/c.webp", "w": 480, "h": 480}},
                position=position,
            )


def count_queries(client, url):
    from django.core.cache import cache

    cache.clear()  # cold: the exchange rates are read from the database too
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["products"])


@pytest.mark.parametrize(
    "url",
    [
        "/fr/products/?per_page=48",
        "/fr/c/pottery/?per_page=48&material=clay&in_stock=1&min=10&max=900&sort=price_asc",
        "/fr/search/?q=tajine&per_page=48",
        "/fr/search/?q=tajine&per_page=48&kind=cooperative&region=marrakech-safi",
        "SHOP?per_page=48",
    ],
    ids=["listing", "category-with-facets", "search", "search-with-facets", "shop"],
)
def test_listing_pages_run_the_same_few_queries_for_12_or_48_pieces(client, world, url):
    url = url.replace("SHOP", f"/fr/shops/{world['shop'].slug}/")
    add_products(world, 12)
    small, shown_small = count_queries(client, url)
    add_products(world, 36)
    large, shown_large = count_queries(client, url)
    assert (shown_small, shown_large) == (12, 48)
    assert small == large, f"{small} queries for 12 pieces, {large} for 48"
    assert large <= 10, f"{large} queries"


def test_listing_budget_with_django_assert(client, world, django_assert_max_num_queries):
    add_products(world, 48)
    with django_assert_max_num_queries(10):
        response = client.get("/fr/products/?per_page=48")
    assert len(response.context["products"]) == 48


def test_product_page_budget(client, world, django_assert_max_num_queries):
    add_products(world, 8)
    product = world["shop"].products.first()
    product.maker = Membership.objects.filter(cooperative=world["shop"].cooperative).first().artisan
    product.save()
    with django_assert_max_num_queries(12):
        response = client.get(f"/fr/p/{product.slug}/")
    assert response.status_code == 200
    assert len(response.context["related"]) == 4


def test_pages_never_read_the_search_index_and_cards_never_read_descriptions(client, world):
    add_products(world, 8)
    product = world["shop"].products.first()
    for url in ("/fr/products/", "/fr/search/?q=tajine", f"/fr/p/{product.slug}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        assert not any('"search_text"' in sql.split(" FROM ")[0] for sql in reads), url
        product_rows = [sql for sql in reads if '"catalogue_product"."title_fr"' in sql]
        with_description = [sql for sql in product_rows if '"description_fr"' in sql]
        # Only the product page's own piece is read with its description.
        assert len(with_description) == (1 if "/p/" in url else 0), url

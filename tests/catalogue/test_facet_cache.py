"""Facet counts are counted once per scope, filters, language and currency, shared by every
sort and page, and are never shown stale after a catalogue change."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.models import Product, Variant
from marketplace.catalogue.services import product_refresh_summary
from tests.catalogue.test_listing import shelf  # noqa: F401  (the fixture)
from tests.factories import ProductFactory, ShopFactory, VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def listing(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    counted = any("GROUP BY" in q["sql"] for q in queries.captured_queries)
    return response.context["listing"], counted


def regions(listing_):
    return {f.value: f.count for f in listing_.regions}


def test_another_sort_or_page_of_the_same_filters_reuses_the_counts(shelf):  # noqa: F811
    client = Client()
    first, counted = listing(client, "/en/products/", material="clay")
    assert counted
    again, counted = listing(client, "/en/products/", material="clay", sort="price_desc")
    assert not counted
    assert regions(again) == regions(first) == {"marrakech-safi": 2, "beni-mellal-khenifra": 1}
    assert again.total == first.total == 3
    assert [p.slug for p in again.page.object_list] == ["tagine-d", "plate-b", "tagine-a"]
    # Other filters are counted afresh, and right.
    other, counted = listing(client, "/en/products/", material="wool")
    assert counted and regions(other) == {"beni-mellal-khenifra": 1}
    assert other.total == 1


def test_a_new_piece_shows_in_the_counts_of_a_listing_counted_before(shelf):  # noqa: F811
    client = Client()
    before, _ = listing(client, "/en/c/pottery/")
    coop = ShopFactory(coop=True, region="beni-mellal-khenifra")
    product = ProductFactory(
        slug="tagine-g", category=shelf["tagines"], shop=coop, region=coop.region
    )
    VariantFactory(product=product, price=Decimal("650.00"), stock=3)
    after, counted = listing(client, "/en/c/pottery/", sort="price_asc")
    assert counted
    assert after.total == before.total + 1
    assert regions(after)["beni-mellal-khenifra"] == regions(before)["beni-mellal-khenifra"] + 1


def test_a_stock_change_shows_in_the_in_stock_count(shelf):  # noqa: F811
    client = Client()
    before, _ = listing(client, "/en/products/")
    Variant.objects.filter(product__slug="plate-b").update(stock=4)
    product_refresh_summary(product_id=Product.objects.get(slug="plate-b").pk)
    after, _ = listing(client, "/en/products/", sort="rating")
    assert after.in_stock == before.in_stock + 1


def test_labels_follow_the_language(shelf):  # noqa: F811
    client = Client()
    english, _ = listing(client, "/en/products/")
    french, counted = listing(client, "/fr/products/")
    assert counted  # each language has its own labels
    assert "Argile" in {f.label for f in french.materials}
    assert "Argile" not in {f.label for f in english.materials}
    assert sorted(f.count for f in french.regions) == sorted(f.count for f in english.regions)


def test_the_filters_of_every_page_of_a_listing_are_never_stale(shelf, settings):  # noqa: F811
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    client = Client()

    def in_stock_count(**params):
        response = client.get("/en/products/", params, HTTP_X_BENCH_BYPASS="1")
        body = response.content.decode()
        label = body.index('name="in_stock"')
        return body[label : body.index("</label>", label)].rsplit('"facet-count">', 1)[1]

    assert in_stock_count(material="clay").startswith("2<")
    assert in_stock_count(material="clay", page=1).startswith("2<")  # the same counts
    Variant.objects.filter(product__slug="plate-b").update(stock=4)
    product_refresh_summary(product_id=Product.objects.get(slug="plate-b").pk)
    assert in_stock_count(material="clay", page=1).startswith("3<")


def test_a_listing_rendered_with_its_counts_cached_costs_one_query(shelf, settings):  # noqa: F811
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    client = Client()
    url = "/en/c/pottery/?material=clay&sort=price_asc"
    client.get(url, HTTP_X_BENCH_BYPASS="1")  # counts, cards and the page's SQL kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_X_BENCH_BYPASS="1")
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1  # the page's ids; no materials, no counting
    body = response.content.decode()
    assert body.index("/p/tagine-a/") < body.index("/p/plate-b/") < body.index("/p/tagine-d/")


def test_a_page_s_ids_are_kept_for_every_language_and_follow_a_price_change(
    shelf,  # noqa: F811
    settings,
):
    from marketplace.catalogue.services import variant_update

    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    client = Client()
    url = "/{}/c/pottery/?material=clay&sort=price_asc"

    def order(lang):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url.format(lang), HTTP_X_BENCH_BYPASS="1").content.decode()
        shown = [s for s in ("tagine-a", "plate-b", "tagine-d") if f"/p/{s}/" in body]
        return sorted(shown, key=lambda s: body.index(f"/p/{s}/")), len(queries.captured_queries)

    assert order("en")[0] == ["tagine-a", "plate-b", "tagine-d"]  # counted
    assert order("en") == (["tagine-a", "plate-b", "tagine-d"], 1)  # the page's ids read, kept
    order("fr")  # French labels: its own counts
    assert order("fr") == (["tagine-a", "plate-b", "tagine-d"], 0)  # the ids the English page read
    variant = Variant.objects.get(product__slug="tagine-d")
    variant_update(
        variant_id=variant.pk, actor=None, options=variant.options, price=Decimal("100.00"),
        stock=variant.stock, sku=variant.sku,
    )  # fmt: skip
    assert order("fr")[0] == ["tagine-d", "tagine-a", "plate-b"]
    assert order("en")[0] == ["tagine-d", "tagine-a", "plate-b"]


def test_a_page_s_reused_sql_still_reads_the_database_every_time(shelf):  # noqa: F811
    from marketplace.catalogue import selectors

    tree = selectors.category_tree()
    filters = {"per_page": 24, "sort": "price_asc", "material": ["clay"]}
    counted = selectors.product_listing(
        filters=filters, currency="MAD", rates={"MAD": Decimal("1")}, tree=tree
    )
    facets = {name: getattr(counted, name) for name in ("total", "ranked", "fuzzy")}

    def page_slugs():
        listing = selectors.product_listing(
            filters=filters,
            currency="MAD",
            rates={"MAD": Decimal("1")},
            tree=tree,
            facets=facets,
            compiled_key=("the same key", 1),
        )
        return [p.slug for p in listing.page.object_list]

    assert page_slugs() == ["tagine-a", "plate-b", "tagine-d"]
    Variant.objects.filter(product__slug="tagine-d").update(price=Decimal("100.00"))
    product_refresh_summary(product_id=Product.objects.get(slug="tagine-d").pk)
    # Same key, so the same SQL text; the rows it reads are today's.
    assert page_slugs() == ["tagine-d", "tagine-a", "plate-b"]

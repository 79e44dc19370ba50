"""Every listing sort has an index that serves a filtered page without reading product rows."""

import json

import pytest
from django.db import connection

from marketplace.catalogue import selectors
from tests.catalogue.test_listing import shelf  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: force the choice
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")  # an index that gives the order
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        result = cursor.fetchone()[0]
    return (json.loads(result) if isinstance(result, str) else result)[0]["Plan"]


def scans(node: dict) -> list[tuple[str, str]]:
    found = []
    if node.get("Relation Name") == "catalogue_product":
        found.append((node["Node Type"], node.get("Index Name", "")))
    for child in node.get("Plans", []):
        found += scans(child)
    return found


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("newest", "product_pub_cover"),
        ("price_asc", "product_price_cover"),
        ("price_desc", "product_price_cover"),
        ("rating", "product_rating_cover"),
        ("relevance", "product_featured_cover"),
    ],
)
def test_a_filtered_page_of_each_sort_is_an_index_only_scan(shelf, sort, index):  # noqa: F811
    filters = {"region": ["marrakech-safi"], "material": ["clay"], "in_stock": True}
    listing = selectors.product_listing(
        filters={**filters, "sort": sort, "per_page": 24},
        currency="MAD",
        rates={},
        tree=selectors.category_tree(),
    )
    assert [p.slug for p in listing.page.object_list] == ["tagine-a"]
    ids_query = listing.page.object_list._ids_query()
    assert scans(plan(ids_query)) == [("Index Only Scan", index)]

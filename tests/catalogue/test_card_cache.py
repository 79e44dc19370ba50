"""Product cards come from the card cache on pages the page cache has never seen, and a card
is never shown stale after a catalogue change."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.caching import request as caching_request
from marketplace.caching.deps import read_clock, touch
from marketplace.catalogue.fragments import cached_cards
from marketplace.catalogue.models import Product, Variant
from marketplace.catalogue.services import product_refresh_summary
from tests.factories.catalogue import VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def pieces():
    prices = ("120.00", "340.00", "560.00")
    variants = [
        VariantFactory(product__title_fr=f"Plat {n}", price=Decimal(p))
        for n, p in enumerate(prices)
    ]
    return [Product.objects.get(pk=v.product_id) for v in variants]


CARD_RE = re.compile(r'<article class="card product-card">.*?</article>', re.DOTALL)
TOKEN_RE = re.compile(r'(?<=name="csrfmiddlewaretoken" value=")[^"]*')


def cards_of(body: str) -> list[str]:
    """Return the cards of a page, each page's own CSRF token (a fresh mask per answer) left out."""
    return [TOKEN_RE.sub("", card) for card in CARD_RE.findall(body)]


def test_a_new_listing_url_reuses_the_cards_other_pages_rendered(pieces):
    client = Client()
    newest = client.get("/fr/products/")
    assert newest["X-Page-Cache"] == "miss"
    # Another sort: never rendered as a page, every card already rendered.
    with CaptureQueriesContext(connection) as queries:
        cheapest = client.get("/fr/products/?sort=price_asc")
    assert cheapest["X-Page-Cache"] == "miss"
    assert not any("catalogue_productimage" in q["sql"] for q in queries.captured_queries)
    assert sorted(cards_of(cheapest.content.decode())) == sorted(cards_of(newest.content.decode()))
    assert cheapest.content.decode().index("Plat 0") < cheapest.content.decode().index("Plat 2")


def test_the_home_page_reads_only_the_ids_of_pieces_whose_cards_are_cached(pieces, settings):
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    client = Client()
    first = client.get("/fr/", HTTP_X_BENCH_BYPASS="1")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/fr/", HTTP_X_BENCH_BYPASS="1")
    assert cards_of(again.content.decode()) == cards_of(first.content.decode())
    assert len(cards_of(again.content.decode())) == 3
    product_reads = [q["sql"] for q in queries.captured_queries if "catalogue_product" in q["sql"]]
    ids_only = re.compile(r'^SELECT "catalogue_product"\."id"( AS "pk")? FROM ')
    assert product_reads and all(ids_only.match(sql) for sql in product_reads)
    # A price change: the card is read and rendered again, the others stay cached.
    Variant.objects.filter(product=pieces[1]).update(price=Decimal("399.00"))
    product_refresh_summary(product_id=pieces[1].pk)
    assert "399,00" in client.get("/fr/", HTTP_X_BENCH_BYPASS="1").content.decode()


def test_a_price_change_shows_on_a_listing_never_rendered_before(pieces):
    client = Client()
    assert "340,00" in client.get("/fr/products/").content.decode()
    Variant.objects.filter(product=pieces[1]).update(price=Decimal("399.00"))
    product_refresh_summary(product_id=pieces[1].pk)
    body = client.get("/fr/products/?sort=price_desc").content.decode()
    assert "399,00" in body and "340,00" not in body


def test_each_language_and_currency_has_its_own_cards(pieces):
    client = Client()
    french = client.get("/fr/products/").content.decode()
    english = client.get("/en/products/?sort=price_asc").content.decode()
    assert "/fr/p/" in french and "/fr/p/" not in english and "/en/p/" in english
    client.post("/fr/currency/", {"currency": "EUR", "next": "/fr/"})
    euros = client.get("/fr/products/?sort=price_asc").content.decode()
    assert "€" in "".join(cards_of(euros)) and "€" not in "".join(cards_of(french))


def under_clock(fn):
    """Run `fn` as a cacheable view does: after reading the clock."""
    token = caching_request.begin(caching_request.RequestState(clock=read_clock()))
    try:
        return fn()
    finally:
        caching_request.end(token)


def test_only_the_card_whose_dependency_was_stamped_is_rendered_again(pieces):
    rendered = []

    def render(product):
        rendered.append(product.pk)
        return f"<card {product.pk} {product.price}>"

    query = Product.objects.filter(pk__in=[p.pk for p in pieces]).order_by("pk")
    first = under_clock(lambda: cached_cards(query, language="fr", currency="MAD", render=render))
    again = under_clock(
        lambda: cached_cards(query.all(), language="fr", currency="MAD", render=render)
    )
    assert first == again and len(rendered) == 3
    touch(f"card:{pieces[1].pk}")  # outside a transaction: stamped at once
    under_clock(lambda: cached_cards(query.all(), language="fr", currency="MAD", render=render))
    assert rendered[3:] == [pieces[1].pk]
    touch(f"shop:{pieces[2].shop_id}")  # the shop's name is on its cards
    under_clock(lambda: cached_cards(query.all(), language="fr", currency="MAD", render=render))
    assert rendered[4:] == [pieces[2].pk]


def test_without_a_clock_cards_are_rendered_and_never_stored(pieces):
    rendered = []

    def render(product):
        rendered.append(product.pk)
        return "<card>"

    rows = list(Product.objects.filter(pk__in=[p.pk for p in pieces]))
    cached_cards(rows, language="fr", currency="MAD", render=render)
    cached_cards(rows, language="fr", currency="MAD", render=render)
    assert len(rendered) == 6


def test_the_benchmark_cold_header_builds_cards_from_the_database(pieces, settings):
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    settings.FRAGMENT_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_COLD"
    client = Client()
    client.get("/fr/products/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/fr/products/", HTTP_X_BENCH_BYPASS="1")
    with CaptureQueriesContext(connection) as cold:
        client.get("/fr/products/", HTTP_X_BENCH_BYPASS="1", HTTP_X_BENCH_COLD="1")
    assert not any("catalogue_productimage" in q["sql"] for q in warm.captured_queries)
    assert any("catalogue_productimage" in q["sql"] for q in cold.captured_queries)


def test_a_search_keeps_its_relevance_order_for_its_other_pages(pieces, settings):
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    client = Client()

    def search(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/fr/search/", {"q": "plat", **params}, HTTP_X_BENCH_BYPASS="1")
        ranked = [q for q in queries.captured_queries if '"catalogue_product"."id"' in q["sql"]]
        return response, ranked

    first, ranked = search()
    assert ranked and first.context["listing"].ranking is not None
    order = cards_of(first.content.decode())
    assert len(order) == 3
    # Another page size (or page) of the same search: cut from the kept order, nothing ranked.
    again, ranked = search(per_page=12)
    assert not ranked and cards_of(again.content.decode()) == order
    # Another sort is read from the database as usual.
    cheapest, ranked = search(sort="price_desc")
    assert ranked and "560,00" in cards_of(cheapest.content.decode())[0]
    # A new match shows at once: the kept order belonged to the old catalogue version.
    VariantFactory(product__title_fr="Plat neuf", price=Decimal("90.00"))
    newer, ranked = search(per_page=12)
    assert ranked and len(cards_of(newer.content.decode())) == 4

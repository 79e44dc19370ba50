"""Round trips to Redis of a page the page cache does not hold (a budget): the lookup, then what
the view reads first in one more (pages.register_first_read, the kept ids and cards of a
listing); and it still shows a change made since."""

import re
from decimal import Decimal

import pytest
import redis
from django.test import Client

from marketplace.caching import holes
from marketplace.catalogue.services import variant_update
from tests.factories.catalogue import VariantFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _caches_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    # Stands for a miss of the page itself (another currency, an expired page): rendered.
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"


@pytest.fixture
def round_trips(monkeypatch):
    count = [0]
    send = redis.Redis.execute_command

    def counting(self, *args, **options):
        count[0] += 1
        return send(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return count


def test_a_product_page_rendered_again_makes_two_round_trips_and_shows_a_price_change(
    round_trips,
):
    variant = VariantFactory(price=Decimal("400.00"), stock=5)
    piece = variant.product
    visitor = Client(HTTP_X_BENCH_BYPASS="1")
    url = f"/fr/p/{piece.slug}/"
    visitor.get(url)  # rows, parts and holes read from the database and kept

    round_trips[0] = 0
    body = visitor.get(url).content.decode()
    assert round_trips[0] == 2  # the lookup; the rows, parts and holes
    assert re.search(r"400[,.]00", body)

    variant_update(
        variant_id=variant.pk, actor=None, options=variant.options, price=Decimal("515.00"),
        stock=variant.stock, sku=variant.sku,
    )  # fmt: skip
    body = visitor.get(url).content.decode()
    assert re.search(r"515[,.]00", body) and not re.search(r"400[,.]00", body)


@pytest.mark.parametrize(
    "path", ["/fr/c/{category}/", "/fr/products/?sort=price_asc", "/fr/search/?q=tajine"]
)
def test_a_listing_rendered_again_makes_two_round_trips_and_shows_a_new_piece(round_trips, path):
    first = VariantFactory(product__title_fr="Tajine bleu", price=Decimal("400.00"), stock=5)
    category = first.product.category
    url = path.format(category=category.slug)
    visitor = Client(HTTP_X_BENCH_BYPASS="1")
    visitor.get(url)  # counts and cards read from the database and kept
    visitor.get(url)  # the page's ids kept (once its counts are)

    round_trips[0] = 0
    body = visitor.get(url).content.decode()
    assert round_trips[0] == 2  # the lookup; counts, ids and cards (a search: its ranking)
    assert "Tajine bleu" in body

    VariantFactory(product__title_fr="Tajine vert", product__category=category, stock=2)
    assert "Tajine vert" in visitor.get(url).content.decode()


def test_a_page_rendered_again_reuses_its_kept_buy_box_until_the_stock_moves(
    round_trips, monkeypatch
):
    rendered = []
    render = holes._HOLES["catalogue.buy_box"]
    monkeypatch.setitem(
        holes._HOLES, "catalogue.buy_box", lambda *a: rendered.append(1) or render(*a)
    )
    variant = VariantFactory(price=Decimal("400.00"), stock=5)
    piece = variant.product
    url = f"/fr/p/{piece.slug}/"
    Client().get(url)  # an answer stored with its buy box
    assert len(rendered) == 1
    visitor = Client(HTTP_X_BENCH_BYPASS="1")  # the page itself rendered again
    body = visitor.get(url).content.decode()
    assert len(rendered) == 1  # its buy box as kept
    assert 'max="5"' in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert len(token) == 64  # the kept buy box carries this visitor's token, not a hole

    variant_update(
        variant_id=variant.pk, actor=None, options=variant.options, price=variant.price,
        stock=2, sku=variant.sku,
    )  # fmt: skip
    body = visitor.get(url).content.decode()
    assert len(rendered) == 2  # the stock moved: rendered again
    assert 'max="2"' in body
    assert 'max="5"' not in body

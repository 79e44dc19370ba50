"""Cash on delivery under races: real threads, each on its own PostgreSQL connection."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.catalogue.models import Variant
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderEvent
from marketplace.orders.services import orders_release_unpaid
from tests.orders.test_concurrency import run_parallel

from .cod_helpers import cod_cart, cod_shop, place_cod

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_card(settings):
    settings.ORDERS_START_PAYMENT = False


def test_thirty_cod_checkouts_for_the_last_unit_make_one_order(text_messages):
    shop = cod_shop()
    buyer, cart, (variant,) = cod_cart((shop, 1))
    carts = [(buyer, cart)]
    for _ in range(29):
        other, other_cart, _v = cod_cart((shop, 1))
        other_cart.lines.all().delete()
        from marketplace.orders.services import cart_add

        cart_add(cart=other_cart, variant_id=variant.pk, quantity=1)
        carts.append((other, other_cart))
    Variant.objects.filter(product__shop=shop).exclude(pk=variant.pk).update(stock=0)
    results = run_parallel([lambda c=c, b=b: place_cod(c, b) for b, c in carts])
    orders = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, OrderError)]
    assert [r for r in results if not isinstance(r, (Order, OrderError))] == []
    assert len(orders) == 1 and Order.objects.count() == 1
    assert {(e.code, e.status) for e in refused} == {("out_of_stock", 409)}
    assert Variant.objects.get(pk=variant.pk).stock == 0
    assert len(text_messages) == 1  # one code, for the one order


def test_release_run_twice_at_once_returns_stock_once(settings):
    shop = cod_shop()
    buyer, cart, (variant,) = cod_cart((shop, 4))
    order = place_cod(cart, buyer)
    assert Variant.objects.get(pk=variant.pk).stock == 3
    later = timezone.now() + settings.UNPAID_ORDER_TIMEOUT + timedelta(minutes=1)
    results = run_parallel([lambda: orders_release_unpaid(now=later) for _ in range(2)])
    assert sorted(results) == [0, 1]
    assert Variant.objects.get(pk=variant.pk).stock == 4  # back once, not twice
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert OrderEvent.objects.filter(order=order, to_status="cancelled").count() == 1

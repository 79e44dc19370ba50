"""Real threads, each with its own PostgreSQL connection, racing for the same rows."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.catalogue.models import Variant
from marketplace.orders import services
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderEvent
from tests.factories import VariantFactory

from .conftest import US_ADDRESS, shop_shipping_everywhere

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_parallel(functions):
    """Start every function at the same moment; return their results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def runner(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _place(cart, key=None):
    return lambda: services.order_place(
        cart=cart, email="b@example.com", address=US_ADDRESS, currency="USD", idempotency_key=key
    )


def test_thirty_buyers_for_the_last_unit_one_order(settings):
    settings.ORDERS_START_PAYMENT = False
    variant = VariantFactory(product__shop=shop_shipping_everywhere(), stock=1)
    carts = []
    for i in range(30):
        cart = services.cart_get_or_create(session_key=f"buyer-{i}")
        services.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        carts.append(cart)
    results = run_parallel([_place(cart) for cart in carts])
    orders = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, OrderError)]
    others = [r for r in results if not isinstance(r, (Order, OrderError))]
    assert others == []
    assert len(orders) == 1 and Order.objects.count() == 1
    assert len(refused) == 29
    assert {(e.code, e.status) for e in refused} == {("out_of_stock", 409)}
    assert Variant.objects.get(pk=variant.pk).stock == 0


def test_crossed_carts_never_deadlock(settings):
    settings.ORDERS_START_PAYMENT = False
    shop = shop_shipping_everywhere()
    a = VariantFactory(product__shop=shop, stock=90)
    b = VariantFactory(product__shop=shop_shipping_everywhere(), stock=90)
    for round_ in range(20):
        first = services.cart_get_or_create(session_key=f"ab-{round_}")
        second = services.cart_get_or_create(session_key=f"ba-{round_}")
        for cart, order in ((first, (a, b)), (second, (b, a))):
            for variant in order:
                services.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        results = run_parallel([_place(first), _place(second)])
        assert all(isinstance(r, Order) for r in results), results
    assert Order.objects.count() == 40
    assert Variant.objects.get(pk=a.pk).stock == 50 and Variant.objects.get(pk=b.pk).stock == 50


def test_parallel_double_submit_makes_one_order(settings):
    settings.ORDERS_START_PAYMENT = False
    variant = VariantFactory(product__shop=shop_shipping_everywhere(), stock=5)
    cart = services.cart_get_or_create(session_key="double")
    services.cart_add(cart=cart, variant_id=variant.pk, quantity=2)
    results = run_parallel([_place(cart, key="same"), _place(cart, key="same")])
    assert Order.objects.count() == 1
    assert all(isinstance(r, Order) and r.pk == results[0].pk for r in results), results
    assert Variant.objects.get(pk=variant.pk).stock == 3


def _paid_order(settings, stock=4, quantity=2):
    settings.ORDERS_START_PAYMENT = False
    variant = VariantFactory(
        product__shop=shop_shipping_everywhere(), stock=stock, price=Decimal("100.00")
    )
    cart = services.cart_get_or_create(session_key=f"c-{variant.pk}")
    services.cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    return services.order_place(
        cart=cart, email="b@example.com", address=US_ADDRESS, currency="MAD"
    ), variant


def test_two_parallel_ships_make_one_shipped_event(settings):
    order, _ = _paid_order(settings)
    services.order_mark_paid(order_id=order.pk)
    part = order.shop_orders.get()
    services.shop_order_accept(shop_order_id=part.pk, actor=None)

    def ship(tracking):
        return lambda: services.shop_order_ship(
            shop_order_id=part.pk, actor=None, carrier="Amana", tracking_number=tracking
        )

    results = run_parallel([ship("RR123456785MA"), ship("RA123456785MA")])
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert [r.status for r in results if isinstance(r, OrderError)] == [409]
    assert OrderEvent.objects.filter(shop_order=part, to_status="shipped").count() == 1


def test_release_running_twice_at_once_returns_stock_once(settings):
    order, variant = _paid_order(settings, stock=4, quantity=3)
    assert Variant.objects.get(pk=variant.pk).stock == 1
    later = timezone.now() + timedelta(hours=1)
    results = run_parallel([lambda: services.orders_release_unpaid(now=later)] * 2)
    assert sorted(results) == [0, 1]
    assert Variant.objects.get(pk=variant.pk).stock == 4
    assert OrderEvent.objects.filter(order=order, to_status="cancelled").count() == 1

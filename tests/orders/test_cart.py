"""The cart: quantities are whole numbers within stock and 99; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.catalogue.models import Product
from marketplace.orders import selectors, services
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Cart, CartLine
from tests.factories import UserFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _snapshot(cart):
    return list(CartLine.objects.filter(cart=cart).values_list("variant_id", "quantity"))


@pytest.mark.parametrize("bad", [-1, 0, 1.5, "1.5", "abc", "", None, 10**6, "10e3", True, "-1"])
def test_bad_quantities_are_refused_and_the_cart_is_unchanged(variants, bad):
    cart = services.cart_get_or_create(session_key="s1")
    services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=2)
    before = _snapshot(cart)
    with pytest.raises(OrderError) as err:
        services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=bad)
    assert err.value.code == "invalid_quantity" and err.value.status == 400
    line = CartLine.objects.get(cart=cart)
    with pytest.raises(OrderError):
        services.cart_update(cart=cart, line_id=line.pk, quantity=bad)
    assert _snapshot(cart) == before


def test_over_stock_is_refused_on_add_and_update(variants):
    cart = services.cart_get_or_create(session_key="s1")
    services.cart_add(cart=cart, variant_id=variants[1].pk, quantity=2)  # stock 3
    with pytest.raises(OrderError) as err:
        services.cart_add(cart=cart, variant_id=variants[1].pk, quantity=2)
    assert err.value.code == "out_of_stock" and "3" in err.value.message
    line = CartLine.objects.get(cart=cart)
    with pytest.raises(OrderError):
        services.cart_update(cart=cart, line_id=line.pk, quantity=4)
    assert _snapshot(cart) == [(variants[1].pk, 2)]
    services.cart_update(cart=cart, line_id=line.pk, quantity=3)
    assert _snapshot(cart) == [(variants[1].pk, 3)]


def test_unpublished_products_cannot_be_added(variants):
    Product.objects.filter(pk=variants[0].product_id).update(status=Product.Status.ARCHIVED)
    cart = services.cart_get_or_create(session_key="s1")
    with pytest.raises(OrderError) as err:
        services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=1)
    assert err.value.code == "not_available"
    assert not CartLine.objects.exists()


def test_another_carts_line_is_not_found(variants):
    mine = services.cart_get_or_create(session_key="mine")
    theirs = services.cart_get_or_create(session_key="theirs")
    line = services.cart_add(cart=theirs, variant_id=variants[0].pk, quantity=1)
    with pytest.raises(OrderError) as err:
        services.cart_update(cart=mine, line_id=line.pk, quantity=2)
    assert err.value.status == 404
    with pytest.raises(OrderError):
        services.cart_remove(cart=mine, line_id=line.pk)
    assert CartLine.objects.filter(pk=line.pk, quantity=1).exists()


def test_cart_groups_lines_by_shop_with_shipping_to_the_zone(variants):
    cart = services.cart_get_or_create(session_key="s1")
    services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=2)
    services.cart_add(cart=cart, variant_id=variants[1].pk, quantity=1)
    priced = selectors.cart_priced(cart=cart, zone="NA", currency="USD")
    assert [g.pieces for g in priced.groups] == [2, 1]
    assert [g.shipping_mad for g in priced.groups] == [Decimal("70.00"), Decimal("50.00")]
    assert priced.total_mad == Decimal("500.00") + Decimal("120.50") + Decimal("120.00")
    # each shop's total converted and rounded once, then summed (0.1 USD per MAD by default)
    assert priced.total == Decimal("57.00") + Decimal("17.05")


def test_sold_out_and_unpublished_lines_are_flagged_not_dropped(variants):
    cart = services.cart_get_or_create(session_key="s1")
    services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=2)
    services.cart_add(cart=cart, variant_id=variants[1].pk, quantity=1)
    variants[0].stock = 0
    variants[0].save()
    Product.objects.filter(pk=variants[1].product_id).update(status=Product.Status.ARCHIVED)
    priced = selectors.cart_priced(cart=cart, zone="MA", currency="MAD")
    flags = {pl.line.variant_id: (pl.short_of_stock, pl.unavailable) for pl in priced.lines}
    assert flags == {variants[0].pk: (True, False), variants[1].pk: (False, True)}
    assert priced.has_problems


def test_session_cart_merges_into_the_buyers_cart_at_login(client, variants):
    user = UserFactory()
    mine = services.cart_get_or_create(user=user)
    services.cart_add(cart=mine, variant_id=variants[0].pk, quantity=1)
    client.post(
        reverse("orders:cart_add"),
        {"variant": variants[0].pk, "quantity": 2},
        HTTP_HOST="testserver",
    )
    client.post(reverse("orders:cart_add"), {"variant": variants[1].pk, "quantity": 1})
    client.force_login(user)
    assert sorted(_snapshot(mine)) == sorted([(variants[0].pk, 3), (variants[1].pk, 1)])
    assert Cart.objects.count() == 1


def test_cart_add_page_refuses_bad_quantity_with_a_message(client, variants):
    url = "/en/cart/add/"
    client.post(url, {"variant": variants[0].pk, "quantity": 1})
    response = client.post(url, {"variant": variants[0].pk, "quantity": "abc"}, follow=True)
    assert "whole number" in response.content.decode()
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [1]


def test_cart_page_shows_groups_and_the_header_count(
    client, variants, django_assert_max_num_queries
):
    client.post(reverse("orders:cart_add"), {"variant": variants[0].pk, "quantity": 2})
    client.post(reverse("orders:cart_add"), {"variant": variants[1].pk, "quantity": 1})
    page = client.get(reverse("orders:cart") + "?country=US").content.decode()
    assert variants[0].product.shop.name in page and variants[1].product.shop.name in page
    assert '<span class="badge">3</span>' in page


def test_cart_count_costs_one_query(rf, variants):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.orders.context_processors import cart

    cart_obj = services.cart_get_or_create(session_key="tok")
    services.cart_add(cart=cart_obj, variant_id=variants[0].pk, quantity=2)
    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    with CaptureQueriesContext(connection) as queries:
        assert cart(request) == {"cart_count": 0}
    assert len(queries) == 0
    request.session["cart_token"] = "tok"
    with CaptureQueriesContext(connection) as queries:
        assert cart(request) == {"cart_count": 2}
    assert len(queries) == 1


def test_variant_of_unverified_shop_refused(shops):
    from artisans.models import Shop

    variant = VariantFactory(product__shop=shops[0])
    Shop.objects.filter(pk=shops[0].pk).update(status=Shop.Status.SUSPENDED)
    cart = services.cart_get_or_create(session_key="s")
    with pytest.raises(OrderError):
        services.cart_add(cart=cart, variant_id=variant.pk, quantity=1)


def _durability_seen(call) -> list[str]:
    """Run `call` as a request would (no outer transaction); answer the SET statements sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return [q["sql"] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_cart_writes_skip_the_disk_wait_and_checkout_does_not(shops, variants, settings):
    """A cart line is the one write allowed to commit before its WAL is on disk."""
    from marketplace.orders.models import Order
    from tests.orders.conftest import US_ADDRESS

    settings.ORDERS_START_PAYMENT = False
    cart_holder = {}

    def create():
        cart_holder["cart"] = services.cart_get_or_create(session_key="durable")

    assert _durability_seen(create) == ["SET LOCAL synchronous_commit TO OFF"]
    cart = cart_holder["cart"]
    assert _durability_seen(
        lambda: services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=1)
    ) == ["SET LOCAL synchronous_commit TO OFF"]
    line = CartLine.objects.get(cart=cart)
    assert _durability_seen(
        lambda: services.cart_update(cart=cart, line_id=line.pk, quantity=2)
    ) == ["SET LOCAL synchronous_commit TO OFF"]
    assert _durability_seen(lambda: services.cart_remove(cart=cart, line_id=line.pk)) == [
        "SET LOCAL synchronous_commit TO OFF"
    ]
    assert not CartLine.objects.filter(cart=cart).exists()
    services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=1)
    placed = _durability_seen(
        lambda: services.order_place(
            cart=cart, email="buyer@example.com", address=US_ADDRESS, currency="USD"
        )
    )
    assert placed == [] and Order.objects.count() == 1  # orders and stock wait for the disk


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_disk_wait_is_kept(variants):
    """SET LOCAL would cover the caller's own writes: nested, the cart write leaves it alone."""
    from django.db import connection, transaction

    cart = services.cart_get_or_create(session_key="nested")
    with transaction.atomic():
        services.cart_add(cart=cart, variant_id=variants[0].pk, quantity=1)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    with transaction.atomic():
        from marketplace.core.transactions import commit_without_waiting_for_disk

        commit_without_waiting_for_disk()
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "off"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # LOCAL: gone with its transaction

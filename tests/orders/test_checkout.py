"""Placing an order: prices from the database, stock checked for the whole cart, one order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from artisans.models import ShippingRate
from marketplace.catalogue.models import Variant
from marketplace.orders import services
from marketplace.orders.errors import OrderError
from marketplace.orders.links import order_link
from marketplace.orders.models import CartLine, Order, OrderLine, ShopOrder

from .conftest import US_ADDRESS

pytestmark = pytest.mark.django_db


def _cart_with(variants, quantities=(2, 1), key="s1"):
    cart = services.cart_get_or_create(session_key=key)
    for variant, quantity in zip(variants, quantities, strict=False):
        services.cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    return cart


def _place(cart, **kwargs):
    defaults = {"email": "emily@example.com", "address": US_ADDRESS, "currency": "USD"}
    return services.order_place(cart=cart, **{**defaults, **kwargs})


def test_order_is_split_per_shop_with_prices_rate_and_stock(variants):
    a, b = variants
    order = _place(_cart_with(variants), language="en")
    assert order.status == "pending_payment" and order.shipping_zone == "NA"
    assert order.exchange_rate == Decimal("0.1") and order.currency == "USD"
    parts = list(order.shop_orders.order_by("shop_id"))
    assert [(p.subtotal_mad, p.shipping_mad, p.total) for p in parts] == [
        (Decimal("500.00"), Decimal("70.00"), Decimal("57.00")),
        (Decimal("120.50"), Decimal("50.00"), Decimal("17.05")),
    ]
    assert order.total == Decimal("74.05") and order.total_mad == Decimal("740.50")
    assert {p.status for p in parts} == {"pending_payment"}
    line = OrderLine.objects.get(variant=a)
    assert (line.title, line.unit_price_mad, line.quantity) == (a.product.title_en, a.price, 2)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (3, 2)
    assert not CartLine.objects.exists()


def test_out_of_stock_writes_nothing_and_names_the_line(variants):
    a, b = variants
    cart = _cart_with(variants, (2, 3))
    Variant.objects.filter(pk=b.pk).update(stock=1)
    with pytest.raises(OrderError) as err:
        _place(cart)
    failing = CartLine.objects.get(variant=b)
    assert err.value.code == "out_of_stock" and err.value.status == 409
    # The checkout speaks the buyer's language (French here): the piece is named in it.
    assert f"line-{failing.pk}" in err.value.fields and b.product.title_fr in err.value.message
    assert not Order.objects.exists() and not ShopOrder.objects.exists()
    assert Variant.objects.get(pk=a.pk).stock == 5
    assert CartLine.objects.count() == 2


def test_changed_price_is_told_then_the_new_total_is_charged(variants):
    a, _ = variants
    cart = _cart_with(variants)
    Variant.objects.filter(pk=a.pk).update(price=Decimal("300.00"))
    with pytest.raises(OrderError) as err:
        _place(cart, currency="MAD")
    assert err.value.code == "price_changed"
    assert not Order.objects.exists()
    order = _place(cart, currency="MAD")
    assert order.subtotal_mad == Decimal("600.00") + Decimal("120.50")


def test_same_key_gives_one_order(variants):
    cart = _cart_with(variants)
    first = _place(cart, idempotency_key="k-1")
    again = _place(cart, idempotency_key="k-1")
    assert first.pk == again.pk and Order.objects.count() == 1


def test_shop_not_shipping_to_the_zone_is_refused(variants):
    ShippingRate.objects.filter(shop=variants[1].shop, zone="NA").delete()
    cart = _cart_with(variants)
    with pytest.raises(OrderError) as err:
        _place(cart)
    assert err.value.code == "no_shipping" and variants[1].shop.name in err.value.message
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("country", "XX"), ("name", ""), ("city", "   "), ("line1", "x" * 500)]
)
def test_bad_address_is_refused(variants, field, value):
    with pytest.raises(OrderError):
        _place(_cart_with(variants), address={**US_ADDRESS, field: value})
    assert not Order.objects.exists()


def test_unpaid_orders_are_released_once_and_stock_returns(variants):
    a, b = variants
    order = _place(_cart_with(variants))
    assert services.orders_release_unpaid() == 0  # not yet due
    later = timezone.now() + timedelta(minutes=31)
    assert services.orders_release_unpaid(now=later) == 1
    assert services.orders_release_unpaid(now=later) == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (5, 3)
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_shipped_parts_are_delivered_after_the_configured_days(variants, settings):
    order = _place(_cart_with(variants))
    services.order_mark_paid(order_id=order.pk)
    first, second = order.shop_orders.order_by("pk")
    for so in (first, second):
        services.shop_order_accept(shop_order_id=so.pk, actor=None)
    services.shop_order_ship(
        shop_order_id=first.pk, actor=None, carrier="DHL", tracking_number="1234567890"
    )
    services.order_hold(order_id=order.pk, reason="buyer disputes")
    later = timezone.now() + settings.AUTO_DELIVER_AFTER + timedelta(hours=1)
    assert services.orders_mark_delivered_due(now=later) == 0  # a dispute keeps it open
    Order.objects.filter(pk=order.pk).update(held_for_review=False)
    assert services.orders_mark_delivered_due(now=timezone.now()) == 0
    assert services.orders_mark_delivered_due(now=later) == 1
    assert ShopOrder.objects.get(pk=first.pk).status == "delivered"


# --- pages --------------------------------------------------------------------------------------


def _checkout_post(client, **extra):
    page = client.get(reverse("orders:checkout"))
    token = page.context["form"].initial["token"]
    data = {"email": "emily@example.com", "currency": "USD", "token": token, "action": "place"}
    data.update(US_ADDRESS)
    data.update(extra)
    return client.post(reverse("orders:checkout"), data)


def _fill_cart(client, variants):
    for variant, quantity in zip(variants, (2, 1), strict=True):
        client.post(reverse("orders:cart_add"), {"variant": variant.pk, "quantity": quantity})


def test_tampered_prices_and_totals_in_the_request_are_ignored(client, variants):
    _fill_cart(client, variants)
    response = _checkout_post(
        client, total="0.01", price="1", unit_price="1", **{f"price_{variants[0].pk}": "1"}
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.total == Decimal("74.05")
    assert sorted(OrderLine.objects.values_list("unit_price_mad", flat=True)) == [
        Decimal("120.50"),
        Decimal("250.00"),
    ]


def test_double_submit_creates_one_order(client, variants):
    _fill_cart(client, variants)
    page = client.get(reverse("orders:checkout"))
    data = {
        "email": "emily@example.com",
        "currency": "USD",
        "token": page.context["form"].initial["token"],
        "action": "place",
        **US_ADDRESS,
    }
    first = client.post(reverse("orders:checkout"), data)
    second = client.post(reverse("orders:checkout"), data)
    assert Order.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Order.objects.get().number in first["Location"]


def test_guest_reaches_the_order_in_their_browser_or_by_the_signed_link(client, variants):
    _fill_cart(client, variants)
    _checkout_post(client)
    order = Order.objects.get()
    url = reverse("orders:order_detail", kwargs={"number": order.number})
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="shop-part"') == 2
    stranger = Client()
    assert stranger.get(url).status_code == 404
    assert stranger.get(url + "?t=forged").status_code == 404
    link = order_link(order.number, "en", absolute=False)
    assert stranger.get(link).status_code == 200
    assert stranger.get(url).status_code == 200  # remembered in that browser now


def test_buyer_cancels_a_part_before_the_shop_accepts(client, variants):
    a, b = variants
    _fill_cart(client, variants)
    _checkout_post(client)
    order = Order.objects.get()
    part = order.shop_orders.get(shop=a.shop)
    url = reverse(
        "orders:shop_order_cancel", kwargs={"number": order.number, "shop_order_id": part.pk}
    )
    assert client.post(url).status_code == 302
    part.refresh_from_db()
    a.refresh_from_db()
    assert part.status == "cancelled" and a.stock == 5
    other = order.shop_orders.get(shop=b.shop)
    services.order_mark_paid(order_id=order.pk)
    services.shop_order_accept(shop_order_id=other.pk, actor=None)
    url = reverse(
        "orders:shop_order_cancel", kwargs={"number": order.number, "shop_order_id": other.pk}
    )
    client.post(url)
    other.refresh_from_db()
    assert other.status == "accepted"
    assert Client().post(url).status_code == 404


def test_checkout_redirects_to_the_pay_page(client, variants):
    _fill_cart(client, variants)
    response = _checkout_post(client)
    number = Order.objects.get().number
    assert response["Location"].endswith(f"/pay/{number}/") or number in response["Location"]

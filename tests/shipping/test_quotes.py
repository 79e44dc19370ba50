"""Shipping from weight bands and per-piece rates, two shops and three zones, exact amounts;
destinations a shop does not serve, and parcels too heavy, refused with a clear 4xx."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.orders import selectors, services
from marketplace.orders.errors import OrderError
from marketplace.orders.models import CartLine, Order
from marketplace.shipping.zones import zone_for_country
from tests.api.conftest import client_for

from .conftest import FR, JP, US

D = Decimal


def _cart(world, carpets=1, tajines=2, key="export-1"):
    cart = services.cart_get_or_create(session_key=key)
    if carpets:
        services.cart_add(cart=cart, variant_id=world.carpet.pk, quantity=carpets)
    if tajines:
        services.cart_add(cart=cart, variant_id=world.tajine.pk, quantity=tajines)
    return cart


@pytest.mark.parametrize(
    ("country", "carpets_mad", "pottery_mad", "days"),
    [
        # Morocco: 6 kg is in the ≤ 10 kg band (90); 2 tajines: 30 + 10 (700 MAD < 1,000 free).
        ("MA", "90.00", "40.00", {"carpets": (3, 8), "pottery": (2, 4)}),
        # France (EU): 6 kg → ≤ 10 kg band, 690; 2 tajines: 150 + 60.
        ("FR", "690.00", "210.00", {"carpets": (6, 13), "pottery": (6, 11)}),
        # United States (North America): 6 kg → 900; 2 tajines: 220 + 90.
        ("US", "900.00", "310.00", {"carpets": (8, 17), "pottery": (8, 16)}),
    ],
)
def test_each_shop_ships_by_its_own_bands_or_pieces_per_zone(
    world, country, carpets_mad, pottery_mad, days
):
    priced = selectors.cart_priced(
        cart=_cart(world), zone=zone_for_country(country), currency="MAD", country=country
    )
    by_shop = {g.shop.pk: g for g in priced.groups}
    carpets, pottery = by_shop[world.carpets.pk], by_shop[world.pottery.pk]
    assert (carpets.quote.pricing, carpets.quote.weight_grams) == ("weight", 6000)
    assert (pottery.quote.pricing, pottery.quote.weight_grams) == ("piece", 3000)
    assert (carpets.shipping_mad, pottery.shipping_mad) == (D(carpets_mad), D(pottery_mad))
    assert priced.shipping_mad == D(carpets_mad) + D(pottery_mad)
    # Delivery estimate: the shop's preparation days plus the zone's transit days.
    assert (carpets.quote.days_min, carpets.quote.days_max) == days["carpets"]
    assert (pottery.quote.days_min, pottery.quote.days_max) == days["pottery"]


def test_a_lighter_parcel_takes_a_lower_band_and_free_shipping_starts_at_the_threshold(world):
    cart = _cart(world, carpets=0, tajines=3)
    pottery_ma = selectors.cart_priced(cart=cart, zone="MA", currency="MAD").groups[0]
    assert pottery_ma.subtotal_mad == D("1050.00") and pottery_ma.shipping_mad == D("0.00")
    assert pottery_ma.quote.free
    pottery_eu = selectors.cart_priced(cart=cart, zone="EU", currency="MAD").groups[0]
    assert pottery_eu.shipping_mad == D("270.00")  # no free shipping set for Europe
    world.carpet.product.weight_grams = 1800
    world.carpet.product.save(update_fields=["weight_grams"])
    services.cart_add(cart=cart, variant_id=world.carpet.pk, quantity=1)
    carpets_eu = selectors.cart_priced(cart=cart, zone="EU", currency="MAD").groups[-1]
    assert carpets_eu.shipping_mad == D("250.00")


def test_checkout_stores_each_shops_shipping_from_the_quote(world):
    order = services.order_place(
        cart=_cart(world), email="emily@example.com", address=US, currency="USD"
    )
    parts = {p.shop_id: p for p in order.shop_orders.all()}
    assert parts[world.carpets.pk].shipping_mad == D("900.00")
    assert parts[world.pottery.pk].shipping_mad == D("310.00")
    assert order.shipping_mad == D("1210.00")
    # 4,500 + 700 + 1,210 = 6,410 MAD, each shop converted once at 0.1.
    assert order.total == D("641.00")


def test_a_destination_a_shop_does_not_serve_is_refused_and_nothing_changes(world):
    client = client_for(world.buyer)
    for variant, quantity in ((world.carpet, 1), (world.tajine, 2)):
        client.post(
            reverse("api:cart_lines"), {"variant": variant.pk, "quantity": quantity}, format="json"
        )
    answer = client.post(
        reverse("api:checkout"), {"currency": "USD", "shipping_address": JP}, format="json"
    )
    assert answer.status_code == 409  # a well-formed address the cart's shops do not serve
    body = answer.json()
    assert body["code"] == "no_shipping"
    # In the buyer's language (French here), naming the first shop that does not ship there.
    assert body["message"] == "Tifawin Carpets ne livre pas à cette destination."
    assert not Order.objects.exists()
    assert CartLine.objects.count() == 2
    world.carpet.refresh_from_db()
    assert world.carpet.stock == 3
    # The cart says so before the buyer tries.
    cart = client.get(reverse("api:cart"), {"country": "JP"}).json()
    assert [s["shipping_refused"] for s in cart["shops"]] == ["not_served", "not_served"]
    assert cart["has_problems"] is True


def test_a_parcel_heavier_than_the_last_band_is_refused_with_the_weights(world):
    cart = _cart(world, carpets=2, tajines=0)  # 12 kg; the heaviest EU band is 10 kg
    with pytest.raises(OrderError) as refused:
        services.order_place(cart=cart, email="c@example.com", address=FR, currency="EUR")
    assert refused.value.status == 409 and refused.value.code == "too_heavy"
    assert "12.0 kg" in refused.value.message and "10.0 kg" in refused.value.message
    assert not Order.objects.exists()


def test_the_checkout_page_refuses_an_unserved_country_with_a_message(world, client):
    for variant in (world.carpet, world.tajine):
        client.post(reverse("orders:cart_add"), {"variant": variant.pk, "quantity": 1})
    page = client.get(reverse("orders:checkout"))
    token = page.context["form"]["token"].value()
    data = {"email": "y@example.com", "currency": "EUR", "token": token, "action": "place",
            **JP}  # fmt: skip
    answer = client.post(reverse("orders:checkout"), data)
    assert answer.status_code == 409  # as the API: the cart's shops do not serve it
    assert "does not ship to this destination" in answer.content.decode()
    assert not Order.objects.exists()


def test_quote_api_answers_each_shop_and_refuses_an_unserved_country(world):
    client = client_for()
    lines = [{"variant": world.carpet.pk, "quantity": 1}, {"variant": world.tajine.pk,
             "quantity": 2}]  # fmt: skip
    quote = client.post(
        reverse("api:shipping_quote"), {"country": "FR", "currency": "EUR", "lines": lines},
        format="json",
    )  # fmt: skip
    assert quote.status_code == 200
    body = quote.json()
    shops = {s["shop"]: s for s in body["shops"]}
    assert shops[world.carpets.slug]["shipping"] == {"amount": "63.48", "currency": "EUR"}
    assert shops[world.pottery.slug]["shipping"] == {"amount": "19.32", "currency": "EUR"}
    assert shops[world.carpets.slug]["carriers"] == ["amana", "dhl"]
    assert body["shipping"] == {"amount": "82.80", "currency": "EUR"}  # 900 MAD × 0.092
    assert body["import_estimate"]["is_estimate"] is True
    refused = client.post(
        reverse("api:shipping_quote"), {"country": "JP", "lines": lines}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert refused.status_code == 409 and refused.json()["code"] == "not_served"
    assert "does not ship to JP" in refused.json()["message"]
    domestic = client.post(
        reverse("api:shipping_quote"), {"country": "MA", "lines": lines}, format="json"
    ).json()
    assert domestic["import_estimate"] is None
    assert domestic["shipping"] == {"amount": "130.00", "currency": "MAD"}


def test_quote_api_refuses_bad_input_with_4xx(world):
    client = client_for()
    for body in ({}, {"country": "FR", "lines": []}, {"country": "FRA", "lines": [{}]},
                 {"country": "FR", "lines": [{"variant": 999999, "quantity": 1}]}):  # fmt: skip
        answer = client.post(reverse("api:shipping_quote"), body, format="json")
        assert 400 <= answer.status_code < 500, body

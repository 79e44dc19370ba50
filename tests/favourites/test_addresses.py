"""Saved addresses: several, one default, offered by web and API checkout; editing one never
changes an order already placed (orders keep their own copy)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.accounts.models import SavedAddress
from marketplace.accounts.services import address_create, address_update
from marketplace.orders.models import Order
from marketplace.orders.services import cart_add, cart_get_or_create
from tests.factories import UserFactory
from tests.orders.conftest import US_ADDRESS, shop_shipping_everywhere

pytestmark = pytest.mark.django_db

WORK = {**US_ADDRESS, "label": "Work", "line1": "350 Fifth Avenue", "city": "New York"}


@pytest.fixture(autouse=True)
def _no_payment_network(settings):
    settings.ORDERS_START_PAYMENT = False


@pytest.fixture
def variant():
    from tests.factories import VariantFactory

    return VariantFactory(product__shop=shop_shipping_everywhere(), stock=5)


def test_several_addresses_one_default(buyer):
    home = address_create(user=buyer, label="Home", **US_ADDRESS)
    work = address_create(user=buyer, **WORK)
    assert home.is_default and not work.is_default  # the first one is the default
    client = Client()
    client.force_login(buyer)
    client.post(f"/en/account/addresses/{work.pk}/action/", {"action": "default"})
    assert list(buyer.addresses.filter(is_default=True)) == [work]
    client.post(f"/en/account/addresses/{work.pk}/action/", {"action": "delete"})
    assert list(buyer.addresses.values_list("pk", "is_default")) == [(home.pk, True)]
    page = client.get("/en/account/addresses/").content.decode()
    assert "12 Main Street" in page and "Default" in page


def test_address_pages_refuse_bad_input_and_other_peoples_addresses(buyer):
    stranger = UserFactory()
    theirs = address_create(user=stranger, **US_ADDRESS)
    client = Client()
    client.force_login(buyer)
    assert client.get(f"/en/account/addresses/{theirs.pk}/").status_code == 404
    gone = client.post(f"/en/account/addresses/{theirs.pk}/action/", {"action": "delete"})
    assert gone.status_code == 404 and SavedAddress.objects.filter(pk=theirs.pk).exists()
    bad = client.post("/en/account/addresses/add/", {**US_ADDRESS, "country": "XX"})
    assert bad.status_code == 400 and not buyer.addresses.exists()
    made = client.post("/en/account/addresses/add/", {**US_ADDRESS, "label": "Home"})
    assert made.status_code == 302 and buyer.addresses.get().label == "Home"


def test_web_checkout_offers_the_saved_addresses(buyer, variant):
    address_create(user=buyer, label="Home", **US_ADDRESS)
    work = address_create(user=buyer, **WORK)
    cart_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=1)
    client = Client()
    client.force_login(buyer)
    page = client.get("/en/checkout/").content.decode()
    assert 'value="12 Main Street"' in page and f"?address={work.pk}" in page
    chosen = client.get(f"/en/checkout/?address={work.pk}").content.decode()
    assert 'value="350 Fifth Avenue"' in chosen


def test_past_orders_keep_their_address_after_the_saved_one_changes(buyer, variant):
    saved = address_create(user=buyer, label="Home", **US_ADDRESS)
    cart_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=1)
    api = APIClient()
    api.force_authenticate(buyer)
    placed = api.post("/api/v1/checkout/", {"address": saved.pk}, format="json")
    assert placed.status_code == 201, placed.content
    number = placed.json()["order"]["number"]
    address_update(
        user=buyer, address_id=saved.pk, **{**US_ADDRESS, "line1": "1 New Road", "city": "Salem"}
    )
    order = Order.objects.get(number=number)
    assert (order.ship_line1, order.ship_city) == ("12 Main Street", "Boston")
    shown = api.get(f"/api/v1/orders/{number}/").json()
    assert "12 Main Street" in str(shown) and "1 New Road" not in str(shown)
    saved.delete()
    assert Order.objects.get(number=number).ship_city == "Boston"


def test_api_checkout_refuses_someone_elses_address(buyer, variant):
    theirs = address_create(user=UserFactory(), **US_ADDRESS)
    cart_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=1)
    api = APIClient()
    api.force_authenticate(buyer)
    refused = api.post("/api/v1/checkout/", {"address": theirs.pk}, format="json")
    assert refused.status_code == 404 and not Order.objects.exists()
    empty = api.post("/api/v1/checkout/", {}, format="json")
    assert empty.status_code == 400 and not Order.objects.exists()


def test_address_api(buyer):
    api = APIClient()
    api.force_authenticate(buyer)
    made = api.post("/api/v1/me/addresses/", {**US_ADDRESS, "label": "Home"}, format="json")
    assert made.status_code == 201 and made.json()["is_default"] is True
    pk = made.json()["id"]
    changed = api.put(f"/api/v1/me/addresses/{pk}/", {**WORK}, format="json")
    assert changed.status_code == 200 and changed.json()["city"] == "New York"
    assert (
        api.post(
            "/api/v1/me/addresses/", {**US_ADDRESS, "country": "ZZ"}, format="json"
        ).status_code
        == 400
    )
    assert len(api.get("/api/v1/me/addresses/").json()) == 1
    other = APIClient()
    other.force_authenticate(UserFactory())
    assert other.get(f"/api/v1/me/addresses/{pk}/").status_code == 404
    assert other.delete(f"/api/v1/me/addresses/{pk}/").status_code == 404
    assert api.delete(f"/api/v1/me/addresses/{pk}/").status_code == 204

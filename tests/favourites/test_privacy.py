"""Privacy: everything kept is in the account's export, goes with the account, and the API
documents every endpoint."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.accounts.models import SavedAddress
from marketplace.accounts.services import account_delete, address_create
from marketplace.favourites import services
from marketplace.favourites.models import AlertSettings, Favourite, Follow, StockAlert
from tests.factories import UserFactory
from tests.orders.conftest import US_ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(pieces, shop, buyer):
    services.favourite_add(user=buyer, product_id=pieces[0].product.pk)
    services.follow_add(user=buyer, shop_id=shop.pk)
    services.stock_alert_create(user=buyer, variant_id=pieces[2].pk)
    services.alert_settings_update(user=buyer, cart_reminder=True)
    address_create(user=buyer, label="Home", **US_ADDRESS)
    return buyer


def test_the_data_export_holds_favourites_follows_alerts_and_addresses(kept, pieces, shop):
    client = Client()
    client.force_login(kept)
    response = client.get("/en/account/my-data/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["favourites"]["favourites"][0]["product"] == pieces[0].product.slug
    assert data["favourites"]["follows"][0]["shop"] == shop.slug
    assert data["favourites"]["stock_alerts"][0]["sku"] == pieces[2].sku
    assert data["favourites"]["cart_reminder"] is True
    assert data["addresses"][0]["line1"] == "12 Main Street"
    api = APIClient()
    api.force_authenticate(kept)
    assert api.get("/api/v1/me/export/").json()["favourites"] == data["favourites"]
    assert Client().get("/en/account/my-data/").status_code == 302


def test_everything_goes_with_the_account(kept):
    other = UserFactory()
    services.favourite_add(user=other, product_id=Favourite.objects.get().product_id)
    account_delete(user_id=kept.pk)
    for model in (Favourite, Follow, StockAlert, AlertSettings, SavedAddress):
        assert not model.objects.filter(user_id=kept.pk).exists()
    assert Favourite.objects.filter(user=other).count() == 1


def test_the_api_documents_favourites_follows_alerts_and_addresses():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/favourites/",
        "/api/v1/favourites/{product_id}/",
        "/api/v1/follows/",
        "/api/v1/follows/{shop_id}/",
        "/api/v1/alerts/",
        "/api/v1/alerts/{id}/",
        "/api/v1/alerts/settings/",
        "/api/v1/me/addresses/",
        "/api/v1/me/addresses/{id}/",
        "/api/v1/me/export/",
    ):
        assert path in schema["paths"], path


def test_api_favourites_follows_and_alerts(pieces, shop, buyer):
    api = APIClient()
    api.force_authenticate(buyer)
    product = pieces[0].product
    assert (
        api.post("/api/v1/favourites/", {"product": product.pk}, format="json").status_code == 201
    )
    assert api.get("/api/v1/favourites/").json()[0]["product"]["slug"] == product.slug
    assert api.post("/api/v1/favourites/", {"product": "x"}, format="json").status_code == 400
    assert api.delete(f"/api/v1/favourites/{product.pk}/").status_code == 204
    assert api.delete(f"/api/v1/favourites/{product.pk}/").status_code == 404
    assert (
        api.post("/api/v1/follows/", {"shop": shop.pk, "digest": False}, format="json").json()[
            "digest"
        ]
        is False
    )
    assert api.patch(f"/api/v1/follows/{shop.pk}/", {"digest": True}, format="json").json()[
        "digest"
    ]
    made = api.post("/api/v1/alerts/", {"variant": pieces[2].pk}, format="json")
    assert made.status_code == 201 and made.json()["variant"]["id"] == pieces[2].pk
    refused = api.post("/api/v1/alerts/", {"variant": pieces[0].pk}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "alert_in_stock"
    assert api.put("/api/v1/alerts/settings/", {"cart_reminder": True}, format="json").json() == {
        "cart_reminder": True
    }
    assert api.delete(f"/api/v1/alerts/{made.json()['id']}/").status_code == 204
    assert APIClient().get("/api/v1/favourites/").status_code == 401

"""Schema-valid input is accepted or refused for state, never with a 400 the schema does not
state: the rules are in the schema, and refusals about what the input names are 401/404/409."""

import pytest
from django.urls import reverse

from marketplace.catalogue.models import Product

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(world):
    return client_for().get("/api/v1/schema/?format=json").json()["components"]["schemas"]


def test_the_schema_states_the_rules_the_api_enforces(schema):
    # A required text is trimmed then must not be empty; no text may hold NUL.
    name = schema["AddressRequest"]["properties"]["name"]
    assert name["pattern"] == r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
    # A password being chosen: Django's validators as far as a pattern can say them.
    password = schema["RegisterRequest"]["properties"]["password"]
    assert password["minLength"] == 8 and password["pattern"]
    # One of two fields, and the outcomes each kind of reported item can have.
    assert {"required": ["address"]} in schema["CheckoutRequest"]["anyOf"]
    outcomes = {
        branch["properties"]["kind"]["pattern"]: branch["properties"]["resolution"]["pattern"]
        for branch in schema["ResolveRequest"]["anyOf"]
    }
    assert outcomes["^shop$"] == "^(no_action|suspended)$"
    # A decimal keeps its bounds as a string: a price above 0.
    price = schema["VariantWriteRequest"]["properties"]["price"]["pattern"]
    assert "0*[1-9]" in price
    # A destination is one of the countries Souk ships to.
    [country] = schema["AddressRequest"]["properties"]["country"]["allOf"]
    assert "MA" in schema[country["$ref"].rsplit("/", 1)[1]]["enum"]


def test_refusals_for_what_the_input_names(world):
    seller = client_for(world.seller)
    product = world.product
    before = Product.objects.filter(pk=product.pk).values().get()
    r = seller.patch(
        f"/api/v1/seller/products/{product.pk}/", {"category": "no-such-craft"}, format="json"
    )
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and set(r.json()["fields"]) == {"category"}
    assert Product.objects.filter(pk=product.pk).values().get() == before

    r = client_for().post(
        reverse("api:auth_token"), {"email": world.buyer.email, "password": "x"}, format="json"
    )
    assert r.status_code == 401 and r.json()["code"] == "invalid_credentials"

    r = client_for().post(
        "/api/v1/auth/verify/", {"token": "not-a-link", "password": "whatever1"}, format="json"
    )
    assert r.status_code == 404 and r.json()["code"] == "link_invalid"


def test_a_nul_is_refused_in_a_field_and_ignored_in_a_member_nobody_reads(world):
    buyer = client_for(world.buyer)
    url = reverse("api:cart_lines")
    r = buyer.post(
        url, {"variant": world.variant.pk, "quantity": 1, "x\x00": "\x00"}, format="json"
    )
    assert r.status_code == 201
    r = buyer.post(
        "/api/v1/conversations/", {"shop": world.shop.slug, "text": "Hi\x00"}, format="json"
    )
    assert r.status_code == 400 and "text" in r.json()["fields"]


def test_a_reported_item_gets_only_the_outcomes_of_its_kind(world):
    r = client_for(world.moderator).post(
        "/api/v1/moderation/reports/resolve/",
        {"kind": "shop", "id": world.shop.pk, "resolution": "hidden"},
        format="json",
    )
    assert r.status_code == 400 and set(r.json()["fields"]) == {"resolution"}

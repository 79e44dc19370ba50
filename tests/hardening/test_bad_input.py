"""Findings 12 and 15: characters no field may hold are answered 400 (never a 500 from the
database), on pages and in the API; a payment method the provider does not know is a 4xx
with the error shape; the schema's stricter validations hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.catalogue.models import Product
from tests.api.conftest import client_for
from tests.factories.accounts import PASSWORD
from tests.factories.payments import order_awaiting_payment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/en/orders/%00/",
        "/en/pay/%00/",
        "/en/p/%00/",
        "/en/c/a%01b/",
        "/en/search/?q=%00",
        "/en/products/?material=%00",
        "/en/pay/SK-AAAA-BBBB-CCCC/?t=%00",
    ],
)
def test_nul_and_control_characters_in_pages_are_400(url):
    r = Client(raise_request_exception=False).get(url)
    assert r.status_code == 400, (url, r.status_code)


@pytest.mark.parametrize(
    "url,status",
    [
        ("/api/v1/products/?q=%00", 400),
        ("/api/v1/products/?page_size=1%00", 400),
        ("/api/v1/orders/SK%00X/", 404),
        ("/api/v1/shops/%1f/", 404),
        ("/api/v1/orders/%01x", 404),
    ],
)
def test_api_answers_the_error_shape(url, status, world):
    r = client_for(world.buyer).get(url)
    assert r.status_code == status, (url, r.status_code)
    assert r["Content-Type"] == "application/json"
    assert set(r.json()) == {"code", "message", "fields"}


def test_nul_in_seller_product_fields_changes_nothing(world):
    """The fields the probe used (category, materials, maker) and text fields alike."""
    product = world.product
    before = Product.objects.filter(pk=product.pk).values().get()
    client = client_for(world.seller)
    for field, value in (
        ("category", "pottery\x00"),
        ("materials", ["wool\x00"]),
        ("maker", "1\x00"),
        ("title_en", "Tagine\x00"),
    ):
        r = client.patch(f"/api/v1/seller/products/{product.pk}/", {field: value}, format="json")
        assert r.status_code == 400, (field, r.status_code)
        assert set(r.json()) == {"code", "message", "fields"}
    # A lone surrogate cannot be stored either.
    r = client.generic(
        "PATCH",
        f"/api/v1/seller/products/{product.pk}/",
        b'{"title_en": "Tagine \\ud83d"}',
        content_type="application/json",
    )
    assert r.status_code == 400
    assert Product.objects.filter(pk=product.pk).values().get() == before


def test_nul_in_page_forms_is_400_and_changes_nothing(world):
    client = Client()
    assert client.login(username=world.seller.email, password=PASSWORD)
    product = world.product
    before = Product.objects.filter(pk=product.pk).values().get()
    r = client.post(
        f"/en/sell/products/{product.pk}/details/",
        {"category": "1\x00", "materials": "wool\x00", "maker": "\x00"},
    )
    assert r.status_code == 400
    assert Product.objects.filter(pk=product.pk).values().get() == before


def test_schema_validations_currency_and_repeated_page_size(world):
    api = client_for(world.buyer)
    r = api.get("/api/v1/products/?currency=AAA")
    assert r.status_code == 400 and r.json()["code"]
    r = api.get("/api/v1/products/?page_size=2&page_size=3")
    assert r.status_code == 400 and set(r.json()) == {"code", "message", "fields"}


@pytest.mark.django_db(transaction=True)
def test_unknown_payment_method_is_a_4xx_with_the_error_shape(localstripe):
    from marketplace.orders.links import SESSION_ORDERS_KEY
    from payments.models import Payment

    order = order_awaiting_payment(totals=(Decimal("99.00"),))
    client = Client()
    session = client.session
    session[SESSION_ORDERS_KEY] = [order.number]
    session.save()
    assert client.get(f"/en/pay/{order.number}/").status_code == 200
    r = client.post(f"/en/pay/{order.number}/confirm/", {"payment_method": "pm_nosuchmethod"})
    assert 400 <= r.status_code < 500, r.status_code
    assert r.json()["error"]
    assert Payment.objects.get(order=order).status != Payment.Status.SUCCEEDED

"""Cash on delivery is offered only where it makes sense, and costs what the shops set."""

from decimal import Decimal

import pytest

from marketplace.catalogue.models import Variant
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order
from payments.models import CodBlock, CodConfirmation
from tests.factories import UserFactory

from .cod_helpers import CASA_PHONE, CASABLANCA, cod_cart, cod_shop, code_from, place_cod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_card(settings):
    settings.ORDERS_START_PAYMENT = False


def test_cod_order_for_casablanca_in_mad_with_every_shop_opted_in(
    django_capture_on_commit_callbacks, text_messages
):
    a, b = cod_shop(fee="15.00"), cod_shop(fee="0.00")
    buyer, cart, variants = cod_cart((a, 2), (b, 2))
    with django_capture_on_commit_callbacks(execute=True):
        order = place_cod(cart, buyer)
    order.refresh_from_db()
    assert order.payment_method == "cod" and order.status == "pending_payment"
    parts = {so.shop_id: so for so in order.shop_orders.all()}
    assert parts[a.pk].cod_fee_mad == Decimal("15.00")
    assert parts[a.pk].total_mad == Decimal("245.00")  # 200 + 30 shipping + 15 fee
    assert parts[b.pk].total_mad == Decimal("230.00")
    assert order.total_mad == order.total == Decimal("475.00")
    # The stock is held like a card order's, and the code went to the buyer's phone in Arabic.
    assert [v.stock for v in Variant.objects.filter(pk__in=[v.pk for v in variants])] == [1, 1]
    assert CodConfirmation.objects.get(order=order).phone == CASA_PHONE
    (sms,) = text_messages
    assert sms.to_phone == CASA_PHONE and sms.language == "ar"
    assert code_from(text_messages) in sms.body and order.number in sms.body


@pytest.mark.parametrize(
    ("address", "currency", "why"),
    [
        (
            {**CASABLANCA, "country": "FR", "city": "Paris", "phone": "+33612345678"},
            "MAD",
            "Morocco",
        ),
        (CASABLANCA, "EUR", "MAD"),
        ({**CASABLANCA, "phone": ""}, "MAD", "phone"),
        ({**CASABLANCA, "phone": "+33 6 12 34 56 78"}, "MAD", "phone"),
    ],
)
def test_cod_refused_abroad_in_other_currencies_or_without_a_moroccan_phone(
    address, currency, why, text_messages
):
    buyer, cart, variants = cod_cart((cod_shop(), 3), buyer=UserFactory(language="en"))
    with pytest.raises(OrderError) as caught:
        place_cod(cart, buyer, address=address, currency=currency)
    assert caught.value.status == 409 and caught.value.code == "payment_method_unavailable"
    assert why in " ".join(caught.value.fields["payment_method"])
    # Nothing ordered, nothing held, nothing sent.
    assert not Order.objects.exists()
    assert Variant.objects.get(pk=variants[0].pk).stock == 3
    assert text_messages == []


def test_cod_refused_when_one_shop_of_the_cart_did_not_opt_in():
    holdout = cod_shop(enabled=False, name="Atelier Sans Cash")
    buyer, cart, _ = cod_cart((cod_shop(), 3), (holdout, 3))  # an Arabic-speaking buyer
    with pytest.raises(OrderError) as caught:
        place_cod(cart, buyer)
    assert "Atelier Sans Cash" in caught.value.message
    assert not Order.objects.exists()


def test_cod_refused_above_the_platform_maximum(settings):
    settings.COD_MAX_ORDER_MAD = Decimal("400.00")
    buyer, cart, _ = cod_cart((cod_shop(), 3), (cod_shop(), 3))  # 2 × 230 = 460 MAD
    with pytest.raises(OrderError) as caught:
        place_cod(cart, buyer)
    assert "400" in caught.value.message
    assert not Order.objects.exists()


def test_staff_block_on_the_phone_or_the_buyer_stops_cod():
    shop = cod_shop()
    buyer, cart, _ = cod_cart((shop, 3))
    CodBlock.objects.create(phone=CASA_PHONE, reason="fraud")
    with pytest.raises(OrderError):
        place_cod(cart, buyer)
    CodBlock.objects.all().delete()
    CodBlock.objects.create(buyer=buyer, reason="fraud")
    with pytest.raises(OrderError):
        place_cod(cart, buyer)
    assert not Order.objects.exists()


def test_an_unknown_payment_method_is_a_400():
    buyer, cart, _ = cod_cart((cod_shop(), 3))
    from marketplace.orders.services import order_place

    with pytest.raises(OrderError) as caught:
        order_place(
            cart=cart, email=buyer.email, address=CASABLANCA, currency="MAD", buyer=buyer,
            payment_method="bitcoin",
        )  # fmt: skip
    assert caught.value.status == 400
    assert not Order.objects.exists()


def test_checkout_page_shows_cod_beside_the_card_or_says_why_not(client):
    buyer, _cart, _ = cod_cart((cod_shop(fee="10.00"), 3))
    client.force_login(buyer)
    page = client.get("/fr/checkout/?country=MA")
    html = page.content.decode()
    assert 'value="cod"' in html and "disabled" not in html.split('value="cod"')[1][:40]
    # Shipping abroad: COD is shown switched off, with the reason in the buyer's language.
    page = client.get("/fr/checkout/?country=FR")
    html = page.content.decode()
    cod_input = html.split('value="cod"')[1][:40]
    assert "disabled" in cod_input
    assert 'data-testid="cod-why"' in html


def test_api_checkout_with_payment_method_cod(text_messages, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    buyer, _cart, _ = cod_cart((cod_shop(), 3))
    api = APIClient()
    api.force_authenticate(buyer)
    body = {"payment_method": "cod", "currency": "MAD", "shipping_address": CASABLANCA}
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post("/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["order"]["payment_method"] == "cod" and data["payment"] is None
    assert data["confirmation"]["phone"].endswith("78")
    # The same key answers the same order; the same key for a card checkout is refused.
    again = api.post("/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json()["order"]["number"] == data["order"]["number"]
    other = api.post(
        "/api/v1/checkout/", {**body, "payment_method": "card"}, format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert other.status_code == 409
    assert Order.objects.count() == 1 and len(text_messages) == 1
    # A method that is not offered: the checkout's error shape, nothing ordered.
    bad = api.post("/api/v1/checkout/", {**body, "payment_method": "cheque"}, format="json")
    assert bad.status_code == 400 and "payment_method" in bad.json()["fields"]


def test_api_cod_refused_abroad_has_the_error_shape():
    from rest_framework.test import APIClient

    buyer, _cart, _ = cod_cart((cod_shop(), 3), buyer=UserFactory(language="en"))
    api = APIClient()
    api.force_authenticate(buyer)
    body = {
        "payment_method": "cod",
        "currency": "EUR",
        "shipping_address": {**CASABLANCA, "country": "ES", "city": "Madrid"},
    }
    answer = api.post("/api/v1/checkout/", body, format="json")
    assert answer.status_code == 409
    data = answer.json()
    assert data["code"] == "payment_method_unavailable" and data["fields"]["payment_method"]
    assert not Order.objects.exists()

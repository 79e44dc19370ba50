"""Import charges estimated before paying, against figures worked out by hand, kept on the order.

The cart: a Beni Ourain carpet (4,500 MAD, HS 570110, 6 kg) from the carpet shop and two Safi
tagines (350 MAD each, HS 691200 from their category, 1.5 kg each) from the potter: two parcels.
Rates: 1 MAD = 0.092 EUR = 0.10 USD (settings' defaults).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.orders import selectors, services
from tests.api.conftest import client_for

from .conftest import ES, FR, MA, US

D = Decimal


def _cart(world):
    cart = services.cart_get_or_create(session_key="estimate")
    services.cart_add(cart=cart, variant_id=world.carpet.pk, quantity=1)
    services.cart_add(cart=cart, variant_id=world.tajine.pk, quantity=2)
    return cart


def _place(world, address, currency):
    return services.order_place(
        cart=_cart(world), email="b@example.com", address=address, currency=currency
    )


def test_united_states(world):
    # No de minimis since 29 Aug 2025; 0 % FTA duty + 10 % on goods from Morocco, on the value
    # of the goods without freight: carpet 4,500 → 450 MAD; tagines 700 → 70 MAD.
    # 520 MAD × 0.10 = $52.00. No VAT; no handling fee known.
    order = _place(world, US, "USD")
    estimate = order.import_estimate
    assert (estimate["duty"], estimate["vat"], estimate["handling"]) == ("52.00", "0.00", "0.00")
    assert estimate["total"] == "52.00" and estimate["currency"] == "USD"
    assert [r["id"] for r in estimate["rules"]] == ["US"]
    assert estimate["rules"][0]["since"] == "2025-08-29"
    assert estimate["not_included"] == ["handling_unknown"]


def test_france(world):
    # Carpet parcel: 4,500 MAD = €414 > €150 → duty 0 % (EU–Morocco agreement);
    #   VAT 20 % × (4,500 + 690 shipping by weight) = 1,038 MAD.
    # Tagine parcel: 700 MAD = €64.40 ≤ €150 → no duty; VAT 20 % × (700 + 210) = 182 MAD.
    # VAT 1,220 MAD × 0.092 = €112.24.
    order = _place(world, FR, "EUR")
    estimate = order.import_estimate
    assert (estimate["duty"], estimate["vat"], estimate["total"]) == ("0.00", "112.24", "112.24")
    assert {r["id"] for r in estimate["rules"]} == {"EU_HIGH", "EU_LOW"}
    assert {r["vat_rate"] for r in estimate["rules"]} == {"20"}


def test_spain(world):
    # As France at 21 %: 0.21 × (5,190 + 910) = 1,281 MAD × 0.092 = €117.852 → €117.85.
    order = _place(world, ES, "EUR")
    assert (order.import_estimate["vat"], order.import_estimate["total"]) == ("117.85", "117.85")
    # Paid in dollars, the same charges are shown in dollars: 1,281 × 0.10 = $128.10.
    cart_usd = selectors.cart_priced(cart=_cart(world), zone="EU", currency="USD", country="ES")
    assert cart_usd.estimate.total == D("128.10")


def test_no_estimate_for_morocco(world):
    assert _place(world, MA, "MAD").import_estimate == {}


def test_the_estimate_is_shown_before_paying_and_answered_by_the_api(world, client):
    client.post(reverse("orders:cart_add"), {"variant": world.carpet.pk, "quantity": 1})
    client.post(reverse("orders:cart_add"), {"variant": world.tajine.pk, "quantity": 2})
    page = client.post(
        reverse("orders:checkout"),
        {"email": "e@example.com", "currency": "USD", "action": "review", **US},
    )
    html = page.content.decode()
    assert 'data-testid="import-estimate"' in html and "$52.00" in html
    assert "(estimate)" in html and "29 August 2025" in html

    api = client_for(world.buyer)
    for variant, quantity in ((world.carpet, 1), (world.tajine, 2)):
        api.post(
            reverse("api:cart_lines"), {"variant": variant.pk, "quantity": quantity}, format="json"
        )
    cart = api.get(reverse("api:cart"), {"country": "FR", "currency": "EUR"}).json()
    assert cart["import_estimate"]["total"] == {"amount": "112.24", "currency": "EUR"}
    placed = api.post(
        reverse("api:checkout"), {"currency": "EUR", "shipping_address": FR}, format="json"
    )
    assert placed.status_code == 201
    estimate = placed.json()["order"]["import_estimate"]
    assert estimate["is_estimate"] is True
    assert estimate["vat"] == {"amount": "112.24", "currency": "EUR"}
    assert estimate["checked_on"] == "2025-09-01"


@pytest.mark.parametrize("country", ["JP", "CH"])
def test_countries_outside_the_table_get_no_estimate(world, country):
    priced = selectors.cart_priced(cart=_cart(world), zone="EU", currency="EUR", country=country)
    assert priced.estimate is None

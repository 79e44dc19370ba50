"""Base layout, languages, currency switch and health check."""

import pytest

from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_home_in_arabic_is_right_to_left(client):
    VariantFactory(product__title_ar="طاجين آسفي", product__featured=True)
    response = client.get("/ar/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in body
    assert "طاجين آسفي" in body


def test_home_in_english_is_left_to_right(client):
    response = client.get("/en/")
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_currency_switch_changes_displayed_prices(client):
    from decimal import Decimal

    from marketplace.core.services import exchange_rate_set

    exchange_rate_set(currency="USD", rate=Decimal("0.1000"))
    VariantFactory(price=Decimal("250.00"), product__featured=True)
    assert "250.00" in client.get("/en/").content.decode()
    response = client.post("/en/currency/", {"currency": "USD", "next": "/en/"})
    assert response.status_code == 302
    assert "$25.00" in client.get("/en/").content.decode()


def test_unknown_currency_is_refused(client):
    response = client.post("/en/currency/", {"currency": "BTC", "next": "/en/"})
    assert response.status_code == 400
    assert "currency" not in client.session


def test_healthz_reports_each_dependency(client):
    response = client.get("/healthz")
    data = response.json()
    assert set(data["checks"]) == {"database", "cache", "broker"}
    assert data["checks"]["database"] is True
    assert data["checks"]["cache"] is True


def test_an_id_too_large_for_the_database_is_a_404_not_a_500(client):
    from marketplace.accounts.services import user_make_moderator
    from tests.factories import UserFactory

    moderator = UserFactory()
    user_make_moderator(user=moderator)
    client.force_login(moderator)
    huge = "9" * 30
    assert client.get(f"/en/moderation/shops/{huge}/").status_code == 404
    assert client.get(f"/api/v1/seller/products/{huge}/").status_code == 404


def test_currency_switch_is_remembered_as_a_signed_in_buyers_preference(client):
    from tests.factories import UserFactory

    buyer = UserFactory(currency="MAD")
    client.force_login(buyer)
    assert client.post("/en/currency/", {"currency": "EUR", "next": "/en/"}).status_code == 302
    buyer.refresh_from_db()
    assert buyer.currency == "EUR"
    assert client.get("/en/currency/").status_code == 405


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [
        ("ar", "لم نعثر على هذه الصفحة", "rtl"),
        ("fr", "Nous n’avons pas trouvé cette page", "ltr"),
        ("en", "We could not find this page", "ltr"),
        ("es", "No hemos encontrado esta página", "ltr"),
    ],
)
def test_a_missing_page_is_the_sites_own_in_the_visitors_language(
    client, language, heading, direction
):
    response = client.get(f"/{language}/p/no-such-piece/")
    body = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert heading in body
    assert '<meta name="robots" content="noindex">' in body
    assert 'class="site-header"' in body and 'role="search"' in body
    assert f'href="/{language}/products/"' in body  # a way on to every piece
    assert "no-such-piece" not in body  # the address asked is never repeated

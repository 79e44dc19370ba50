"""One answer, one language: the request's, else the account's; the schema in English."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import client_for
from .test_orders import ADDRESS

pytestmark = pytest.mark.django_db


def _checkout(client, **headers):
    body = {"currency": "EUR", "email": "amy@example.com", "shipping_address": ADDRESS}
    return client.post(reverse("api:checkout"), body, format="json", **headers)


def test_an_english_account_gets_the_empty_cart_error_in_english():
    client = client_for(UserFactory(language="en"))
    answer = _checkout(client, HTTP_IDEMPOTENCY_KEY="k-1")
    assert answer.status_code == 409
    assert answer.json()["message"] == "Your cart is empty."
    assert answer["Content-Language"] == "en"


def test_the_request_language_wins_over_the_account():
    client = client_for(UserFactory(language="en"))
    answer = _checkout(client, HTTP_IDEMPOTENCY_KEY="k-2", HTTP_ACCEPT_LANGUAGE="ar")
    assert answer.json()["message"] == "سلة التسوق فارغة."


def test_a_validation_error_speaks_one_language():
    client = client_for(UserFactory(language="en"))
    answer = client.post(reverse("api:cart_lines"), {}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 400
    body = answer.json()
    assert body["message"] == "Certains champs ne sont pas valides : voir les champs."
    assert body["fields"]["variant"] == ["Ce champ est obligatoire."]
    assert "Invalid input" not in answer.content.decode()


def test_the_schema_is_in_english_whatever_the_request_language(client):
    for language in ("fr", "ar", None):
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        schema = client.get("/api/v1/schema/?format=json", **headers).content.decode()
        assert '"Preferred language"' in schema, language
        assert "Nom affiché" not in schema and "Langue préférée" not in schema
        assert "Accept-Language" in schema  # the docs say how to pick the language

"""Cross-cutting conventions: one error shape, throttling, the schema and the docs."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.accounts import PASSWORD

from .conftest import client_for

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "fields"}


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }
    cache.clear()


@pytest.mark.parametrize(
    ("method", "name", "args", "status"),
    [
        ("get", "api:me", [], 401),
        ("get", "api:product_detail", ["does-not-exist"], 404),
        ("get", "api:shop_detail", ["does-not-exist"], 404),
        ("post", "api:auth_token", [], 400),
        ("get", "api:products", [], 400),
        ("delete", "api:products", [], 405),
    ],
)
def test_every_error_has_the_same_shape(world, method, name, args, status):
    params = {"min_price": "-1"} if name == "api:products" else {}
    response = getattr(client_for(), method)(reverse(name, args=args), params)
    assert response.status_code == status
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)


def test_invalid_token_is_401_with_the_error_shape(world):
    response = client_for().get(reverse("api:me"), HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
    assert set(response.json()) == ERROR_KEYS


def test_login_is_throttled(world, settings):
    _rates(settings, login="3/min")
    url = reverse("api:auth_token")
    client = client_for()
    codes = [
        client.post(
            url, {"email": world.buyer.email, "password": "wrong"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 401]
    blocked = client.post(url, {"email": world.buyer.email, "password": PASSWORD}, format="json")
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "throttled"
    assert set(blocked.json()) == ERROR_KEYS
    assert "Retry-After" in blocked


def test_anonymous_clients_are_throttled(world, settings):
    _rates(settings, anon="5/min")
    client = client_for()
    codes = [client.get(reverse("api:products")).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    # A signed-in client counts against its own (user) budget, not the anonymous one.
    assert client_for(world.buyer).get(reverse("api:products")).status_code == 200


def test_schema_and_docs_are_served_offline(world):
    schema = client_for().get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    doc = schema.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/products/" in doc["paths"]
    assert "Error" in doc["components"]["schemas"]
    assert "Money" in doc["components"]["schemas"]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            responses = op["responses"]
            assert {"401", "404", "429"} <= set(responses), (path, method)
            error = responses["404"]["content"]["application/json"]["schema"]["$ref"]
            assert error.endswith("/Error"), (path, method)
    docs = client_for().get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "https://" not in html  # served from our own static files (sidecar)

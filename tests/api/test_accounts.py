"""Tokens, sign-up and the caller's profile (no privilege field writable)."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import User
from tests.factories.accounts import PASSWORD

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_token_for_right_password_and_error_shape_for_wrong(world):
    url = reverse("api:auth_token")
    ok = client_for().post(url, {"email": world.buyer.email, "password": PASSWORD}, format="json")
    assert ok.status_code == 200
    assert set(ok.json()) == {"token"}
    me = client_for().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert me.json()["email"] == world.buyer.email

    bad = client_for().post(
        url,
        {"email": world.buyer.email, "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",  # messages are in the caller's language
    )
    assert bad.status_code == 401
    assert bad["WWW-Authenticate"] == "Token"
    assert bad.json() == {
        "code": "invalid_credentials",
        "message": "The e-mail or password is not right.",
        "fields": {},
    }


def test_register_creates_an_unconfirmed_buyer_and_no_privilege(db):
    response = client_for().post(
        reverse("api:auth_register"),
        {
            "email": "New.Buyer@Example.com",
            "password": "a-long-enough-pass-9",
            "display_name": "Nora",
            "currency": "USD",
            "country": "us",
            "is_staff": True,
            "is_superuser": True,
        },
        format="json",
    )
    assert response.status_code == 202, response.json()
    assert response.json()["code"] == "confirmation_sent"
    user = User.objects.get(email="new.buyer@example.com")
    assert not user.is_staff and not user.is_superuser and not user.email_verified
    assert user.currency == "USD" and user.country == "US"

    again = client_for().post(
        reverse("api:auth_register"),
        {"email": "new.buyer@example.com", "password": "a-long-enough-pass-9"},
        format="json",
    )
    assert again.status_code == 202  # the same answer: nothing tells who has an account
    assert User.objects.filter(email="new.buyer@example.com").count() == 1


def test_register_refuses_weak_password(db):
    response = client_for().post(
        reverse("api:auth_register"), {"email": "a@b.test", "password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()["fields"]
    assert not User.objects.filter(email="a@b.test").exists()


def test_me_requires_authentication(db):
    response = client_for().get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert set(response.json()) == {"code", "message", "fields"}


def test_me_updates_preferences_but_never_privileges(world):
    client = client_for(world.buyer)
    response = client.patch(
        reverse("api:me"),
        {
            "language": "ar",
            "currency": "EUR",
            "email": "hijack@example.com",
            "is_moderator": True,
            "is_staff": True,
            "is_superuser": True,
            "id": 999,
            "shop": {"slug": world.shop.slug},
        },
        format="json",
    )
    assert response.status_code == 200
    world.buyer.refresh_from_db()
    assert world.buyer.language == "ar" and world.buyer.currency == "EUR"
    assert world.buyer.email != "hijack@example.com"
    assert not world.buyer.is_staff and not world.buyer.is_superuser
    assert not world.buyer.is_moderator
    assert response.json()["shop"] is None

    bad = client.patch(reverse("api:me"), {"currency": "GBP"}, format="json")
    assert bad.status_code == 400 and "currency" in bad.json()["fields"]
    world.buyer.refresh_from_db()
    assert world.buyer.currency == "EUR"


def test_me_shows_the_sellers_shop(world):
    data = client_for(world.seller).get(reverse("api:me")).json()
    assert data["shop"]["slug"] == world.shop.slug

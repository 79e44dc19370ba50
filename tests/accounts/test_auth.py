"""E-mail log-in, sign-up and log-in throttling."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email_any_case(client):
    user = UserFactory(email="amina@example.com")
    response = client.post(
        "/en/account/login/", {"username": "Amina@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_a_400_and_not_logged_in(client):
    UserFactory(email="amina@example.com")
    response = client.post("/en/account/login/", {"username": "amina@example.com", "password": "x"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client):
    UserFactory(email="amina@example.com")
    for _ in range(5):
        client.post("/en/account/login/", {"username": "amina@example.com", "password": "bad"})
    response = client.post(
        "/en/account/login/", {"username": "amina@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_signup_creates_a_buyer_and_logs_in(client):
    response = client.post(
        "/fr/account/signup/",
        {"display_name": "Léa", "email": "Lea@Example.fr", "password": "tajine-de-safi-42"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="lea@example.fr")
    assert user.language == "fr"
    assert not user.is_staff
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_refuses_a_duplicate_email(client):
    UserFactory(email="amina@example.com")
    response = client.post(
        "/en/account/signup/",
        {"display_name": "A", "email": "AMINA@example.com", "password": "tajine-de-safi-42"},
    )
    assert response.status_code == 400
    assert get_user_model().objects.count() == 1

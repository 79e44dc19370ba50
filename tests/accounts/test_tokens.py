"""API tokens are revoked on password change or reset, on log-out and on request (finding 3)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

from .helpers import link_in, mails_to

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "fresh-mint-tea-2025"


def _token(email, password=PASSWORD) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def _me(token) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_old_token_is_refused_after_a_password_reset():
    user = UserFactory(email="amina@example.com")
    token = _token(user.email)
    assert _me(token) == 200
    browser = Client()
    browser.post("/en/account/password-reset/", {"email": user.email})
    link = link_in(mails_to(user.email, "account_reset")[-1])
    form_url = browser.get(link, follow=True).redirect_chain[-1][0]
    done = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _me(token) == 401
    assert _token(user.email, NEW_PASSWORD) != token


def test_old_token_is_refused_after_a_password_change_anywhere():
    user = UserFactory()
    token = _token(user.email)
    user = User.objects.get(pk=user.pk)
    user.set_password(NEW_PASSWORD)  # what the admin's and Django's change forms do
    user.save()
    assert _me(token) == 401


def test_a_profile_save_without_a_new_password_keeps_the_token():
    user = UserFactory()
    token = _token(user.email)
    user = User.objects.get(pk=user.pk)
    user.display_name = "Amina"
    user.save()
    assert _me(token) == 200


def test_logging_out_of_the_site_revokes_the_token():
    user = UserFactory()
    token = _token(user.email)
    browser = Client()
    browser.force_login(user)
    browser.post("/en/account/logout/")
    assert _me(token) == 401


def test_the_revoke_endpoint_ends_the_current_token():
    user = UserFactory()
    token = _token(user.email)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/token/revoke/").status_code == 204
    assert _me(token) == 401
    assert client.post("/api/v1/auth/token/revoke/").status_code == 401
    assert _me(_token(user.email)) == 200  # logging in again makes a new one

"""E-mail log-in and the log-in guard (findings 2 and 7 of [hardening])."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email, password, **extra):
    return client.post("/en/account/login/", {"username": email, "password": password}, **extra)


def test_user_logs_in_with_email_any_case(client):
    user = UserFactory(email="amina@example.com")
    response = _login(client, "Amina@Example.com", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_a_400_and_not_logged_in(client):
    UserFactory(email="amina@example.com")
    response = _login(client, "amina@example.com", "x")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client):
    UserFactory(email="amina@example.com")
    for _ in range(5):
        _login(client, "amina@example.com", "bad")
    response = _login(client, "amina@example.com", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "_auth_user_id" not in client.session


def test_admin_login_is_throttled_like_the_web_login():
    """Finding 2: 8 wrong passwords on /admin/login/ then the right one logged in; not now."""
    admin = get_user_model().objects.create_superuser(email="boss@souk.test", password=PASSWORD)
    client = Client()
    statuses = [
        client.post(
            "/admin/login/", {"username": admin.email, "password": f"guess-{i}"}
        ).status_code
        for i in range(8)
    ]
    assert statuses[:5] == [200] * 5  # the admin's form answers a wrong password with 200
    assert statuses[5:] == [429] * 3
    right = client.post(
        "/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD}
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the log-in page
    # The owner, from another address, is not locked out by that address's failures.
    owner = Client(REMOTE_ADDR="10.9.9.9")
    ok = owner.post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
    assert ok.status_code == 302 and owner.get("/admin/").status_code == 200


def test_rotating_x_forwarded_for_does_not_lift_the_limit_without_a_proxy(client, settings):
    """Finding 7: with no proxy configured, X-Forwarded-For is ignored by the log-in guard."""
    settings.NUM_PROXIES = 0
    UserFactory(email="amina@example.com")
    for i in range(5):
        _login(client, "amina@example.com", "bad", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = _login(client, "amina@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_one_proxy_the_proxys_entry_counts_and_the_clients_prefix_is_ignored(settings):
    settings.NUM_PROXIES = 1
    UserFactory(email="amina@example.com")
    attacker = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    for i in range(5):  # the attacker writes any prefix; the proxy appends the real address
        _login(attacker, "amina@example.com", "bad", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}, 203.0.113.9")
    blocked = _login(
        attacker, "amina@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9"
    )
    assert blocked.status_code == 429
    # Another visitor behind the same proxy is not locked out with the attacker.
    owner = Client(REMOTE_ADDR="10.0.0.1")
    ok = _login(owner, "amina@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert ok.status_code == 302


def test_spraying_from_one_address_is_stopped_and_its_own_success_does_not_reset_it(settings):
    """Finding 7: 12 accounts sprayed, with a success on the attacker's own account between."""
    settings.LOGIN_GUARD = {**settings.LOGIN_GUARD, "address": (10, 900)}
    victims = [UserFactory() for _ in range(12)]
    own = UserFactory(email="attacker@example.com")
    client = Client(REMOTE_ADDR="203.0.113.50")
    statuses = []
    for victim in victims:
        statuses.append(_login(client, victim.email, "Winter2025!").status_code)
        assert _login(client, own.email, PASSWORD).status_code in (302, 429)
        client.post("/en/account/logout/")
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    # The victims themselves, from their own addresses, are not locked out.
    assert _login(Client(REMOTE_ADDR="198.51.100.1"), victims[0].email, PASSWORD).status_code == 302


def test_one_address_cannot_lock_an_account_out_for_everyone(settings):
    UserFactory(email="amina@example.com")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(20):  # the address's own ceiling, below the account's
        _login(attacker, "amina@example.com", "bad")
    assert _login(attacker, "amina@example.com", PASSWORD).status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.2")
    assert _login(owner, "amina@example.com", PASSWORD).status_code == 302


def test_guessing_spread_over_many_addresses_hits_the_accounts_ceiling(settings):
    settings.LOGIN_GUARD = {**settings.LOGIN_GUARD, "account": (6, 3600)}
    UserFactory(email="amina@example.com")
    for i in range(6):
        _login(Client(REMOTE_ADDR=f"203.0.113.{100 + i}"), "amina@example.com", "bad")
    late = Client(REMOTE_ADDR="198.51.100.3")
    assert _login(late, "amina@example.com", PASSWORD).status_code == 429
    assert "_auth_user_id" not in late.session


def test_api_throttle_ignores_x_forwarded_for_without_a_proxy(settings):
    """Finding 7: DRF trusted X-Forwarded-For when NUM_PROXIES was unset."""
    from rest_framework.test import APIClient

    settings.NUM_PROXIES = 0
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 0,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "3/min",
        },
    }
    client = APIClient()
    statuses = [
        client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]

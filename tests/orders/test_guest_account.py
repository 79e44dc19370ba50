"""A guest who checked out can turn the order's e-mail into an account and keep the order."""

import pytest

from marketplace.accounts.models import User
from tests.factories import UserFactory
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db

PASSWORD = "tagine-de-safi-42"


def _as_guest_of(client, order):
    session = client.session
    session["guest_orders"] = [order.number]
    session.save()


def test_guest_creates_an_account_and_keeps_the_order(client):
    order = OrderFactory(email="Emily@Example.com", ship_name="Emily Carter")
    other = OrderFactory(email="emily@example.com")  # not proven by this browser
    _as_guest_of(client, order)
    response = client.post(
        f"/en/orders/{order.number}/account/", {"display_name": "Emily", "password": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="emily@example.com")
    order.refresh_from_db()
    other.refresh_from_db()
    assert order.buyer == user
    assert other.buyer is None
    assert int(client.session["_auth_user_id"]) == user.pk
    assert order.events.filter(kind="account_created").count() == 1


def test_existing_account_is_not_overwritten(client):
    existing = UserFactory(email="emily@example.com")
    order = OrderFactory(email="emily@example.com")
    _as_guest_of(client, order)
    response = client.post(f"/en/orders/{order.number}/account/", {"password": PASSWORD})
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    order.refresh_from_db()
    existing.refresh_from_db()
    assert order.buyer is None
    assert not existing.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session


def test_weak_password_is_refused_and_nothing_is_created(client):
    order = OrderFactory(email="emily@example.com")
    _as_guest_of(client, order)
    client.post(f"/en/orders/{order.number}/account/", {"password": "123"})
    assert not User.objects.filter(email="emily@example.com").exists()


def test_a_stranger_cannot_claim_an_order(client):
    order = OrderFactory(email="emily@example.com")
    response = client.post(f"/en/orders/{order.number}/account/", {"password": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email="emily@example.com").exists()

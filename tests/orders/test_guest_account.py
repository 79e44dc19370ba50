"""A guest who checked out can turn the order's e-mail into an account and keep the order."""

import pytest
from django.test import Client

from marketplace.accounts.models import User
from marketplace.orders.links import order_link
from tests.accounts.helpers import link_in, mails_to
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD as EXISTING_PASSWORD
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db

PASSWORD = "tagine-de-safi-42"


def _as_guest_of(client, order):
    session = client.session
    session["guest_orders"] = [order.number]
    session.save()


def test_guest_confirms_the_emailed_link_and_keeps_the_order(client):
    order = OrderFactory(email="Emily@Example.com", ship_name="Emily Carter")
    other = OrderFactory(email="emily@example.com")  # not proven by this browser
    _as_guest_of(client, order)
    response = client.post(
        f"/en/orders/{order.number}/account/", {"display_name": "Emily", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # not before the address is confirmed
    user = User.objects.get(email="emily@example.com")
    assert not user.email_verified
    order.refresh_from_db()
    other.refresh_from_db()
    assert order.buyer == user
    assert other.buyer is None
    assert order.events.filter(kind="account_created").count() == 1
    # The order stays visible meanwhile, from this browser and through its signed link.
    assert client.get(f"/en/orders/{order.number}/").status_code == 200
    assert Client().get(order_link(order.number, "en", absolute=False)).status_code == 200

    link = link_in(mails_to("emily@example.com", "account_verify")[0])
    assert client.post(link, {"password": PASSWORD}).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert order.number in client.get("/en/orders/").content.decode()


def test_existing_account_is_not_overwritten_and_the_answer_is_the_same(client):
    existing = UserFactory(email="emily@example.com")
    order = OrderFactory(email="emily@example.com")
    _as_guest_of(client, order)
    response = client.post(f"/en/orders/{order.number}/account/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"/en/orders/{order.number}/"
    order.refresh_from_db()
    existing.refresh_from_db()
    assert order.buyer is None
    assert existing.check_password(EXISTING_PASSWORD) and not existing.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session
    assert [m.kind for m in mails_to("emily@example.com")] == ["account_exists"]


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

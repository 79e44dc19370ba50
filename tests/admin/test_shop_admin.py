"""Shops in the admin: the status is read-only; verify, reject, suspend and reinstate are
actions calling moderation's services (audit row, the seller's e-mail, payouts paused)."""

import pytest

from artisans.models import Shop
from marketplace.catalogue.selectors import products_public
from marketplace.core.models import OutboxEmail
from tests.factories import ProductFactory
from tests.moderation.helpers import make_seller_shop

from .conftest import audit_rows, change_form_data, post_action

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/artisans/shop/"


def _audit(obj):
    return audit_rows(obj, "action", "actor", "reason")


def test_posting_a_status_through_the_change_form_changes_nothing(client, staff):
    _seller, shop = make_seller_shop(status="pending")
    url = f"{CHANGELIST}{shop.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()
    data = change_form_data(client, url)
    data.update({"status": "verified", "verified_at_0": "2026-01-01", "verified_at_1": "10:00"})
    response = client.post(url, data)
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.status, shop.verified_at) == ("pending", None)
    assert _audit(shop) == [] and not OutboxEmail.objects.exists()


def test_verify_action_goes_through_the_service(client, staff):
    seller, shop = make_seller_shop(status="pending")
    post_action(client, CHANGELIST, "verify", [shop.pk])
    shop.refresh_from_db()
    assert shop.status == "verified" and shop.verified_at is not None
    assert _audit(shop) == [("shop.verify", staff.pk, "")]
    assert OutboxEmail.objects.filter(to_email=seller.email, kind="moderation.shop_verified")


def test_suspend_then_reinstate_actions_ask_for_a_reason(client, staff):
    _seller, shop = make_seller_shop()
    product = ProductFactory(shop=shop)
    assert product in products_public()
    page = post_action(client, CHANGELIST, "suspend", [shop.pk])
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    assert Shop.objects.get(pk=shop.pk).status == "verified"  # nothing until the form is sent
    post_action(client, CHANGELIST, "suspend", [shop.pk], apply="1", reason="Counterfeit pieces")
    shop.refresh_from_db()
    assert (shop.status, shop.payouts_paused) == ("suspended", True)
    assert product not in products_public()
    post_action(client, CHANGELIST, "reinstate", [shop.pk], apply="1", reason="Cleared")
    shop.refresh_from_db()
    assert (shop.status, shop.payouts_paused) == ("verified", False)
    assert [(a, r) for a, _actor, r in _audit(shop)] == [
        ("shop.suspend", "Counterfeit pieces"),
        ("shop.reinstate", "Cleared"),
    ]


def test_reject_action_refuses_a_verified_shop_with_a_warning(client, staff):
    _seller, shop = make_seller_shop()
    response = post_action(client, CHANGELIST, "reject", [shop.pk], apply="1", reason="No")
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.status == "verified" and _audit(shop) == []

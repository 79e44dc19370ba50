"""Products in the admin: the status is read-only; approve and reject are actions calling
moderation's services (published date, audit row, search index)."""

import pytest

from marketplace.catalogue.selectors import products_public
from tests.moderation.helpers import make_pending_product, make_seller_shop

from .conftest import audit_rows, change_form_data, post_action

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/catalogue/product/"


def _audit(obj):
    return audit_rows(obj, "action", "actor")


def test_posting_a_status_through_the_change_form_changes_nothing(client, staff):
    _seller, shop = make_seller_shop()
    product = make_pending_product(shop)
    url = f"{CHANGELIST}{product.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()
    data = change_form_data(client, url)
    data["status"] = "published"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert (product.status, product.published_at) == ("pending_review", None)
    assert product not in products_public() and _audit(product) == []


def test_approve_and_reject_actions_go_through_the_services(client, staff):
    _seller, shop = make_seller_shop()
    approved, rejected = make_pending_product(shop), make_pending_product(shop)
    post_action(client, CHANGELIST, "approve", [approved.pk])
    approved.refresh_from_db()
    assert approved.status == "published" and approved.published_at is not None
    assert approved in products_public()
    assert _audit(approved) == [("product.approve", staff.pk)]

    post_action(client, CHANGELIST, "reject", [rejected.pk], apply="1", reason="Blurry photos")
    rejected.refresh_from_db()
    assert rejected.status == "rejected" and "Blurry photos" in rejected.status_reason
    assert _audit(rejected) == [("product.reject", staff.pk)]

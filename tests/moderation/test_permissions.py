"""Sellers, buyers and anonymous visitors get no moderator page and no moderator action."""

import pytest
from django.urls import reverse

from marketplace.moderation.models import AuditEntry, Flag
from tests.factories import ProductFactory, UserFactory
from tests.factories.accounts import PASSWORD

from .helpers import make_moderator, make_pending_product, make_seller_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    seller, shop = make_seller_shop(status="pending")
    _s2, live_shop = make_seller_shop()
    product = make_pending_product(live_shop)
    published = ProductFactory(shop=live_shop)
    flag = Flag.objects.create(product=published, reason="spam")
    return {"seller": seller, "shop": shop, "live": live_shop, "product": product, "flag": flag}


def pages(w):
    return [
        reverse("moderation:dashboard"),
        reverse("moderation:shop_queue"),
        reverse("moderation:shop_detail", args=[w["shop"].pk]),
        reverse("moderation:product_queue"),
        reverse("moderation:product_detail", args=[w["product"].pk]),
        reverse("moderation:report_queue"),
        reverse("moderation:report_detail", args=["product", w["flag"].product_id]),
        reverse("moderation:review_queue"),
        reverse("moderation:audit_log"),
        reverse("moderation:analytics"),
        reverse("moderation:analytics_csv", args=["categories"]),
    ]


def actions(w):
    return [
        (reverse("moderation:shop_action", args=[w["shop"].pk, "verify"]), {}),
        (reverse("moderation:shop_action", args=[w["live"].pk, "suspend"]), {"reason": "x"}),
        (reverse("moderation:product_action", args=[w["product"].pk, "approve"]), {}),
        (reverse("moderation:product_bulk"), {"product": [w["product"].pk], "action": "approve"}),
        (
            reverse("moderation:report_detail", args=["product", w["flag"].product_id]),
            {"resolution": "hidden"},
        ),
    ]


def _check_nothing_changed(w):
    w["shop"].refresh_from_db()
    w["live"].refresh_from_db()
    w["product"].refresh_from_db()
    w["flag"].refresh_from_db()
    assert w["shop"].status == "pending"
    assert w["live"].status == "verified"
    assert w["product"].status == "pending_review"
    assert w["flag"].status == "open"
    assert not AuditEntry.objects.exists()


def test_anonymous_is_sent_to_login_and_can_do_nothing(client, world):
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    for url, data in actions(world):
        response = client.post(url, data)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    _check_nothing_changed(world)


@pytest.mark.parametrize("who", ["seller", "buyer"])
def test_sellers_and_buyers_get_404_everywhere(client, world, who):
    user = world["seller"] if who == "seller" else UserFactory()
    client.login(username=user.email, password=PASSWORD)
    for url in pages(world):
        assert client.get(url).status_code == 404, url
    for url, data in actions(world):
        assert client.post(url, data).status_code == 404, url
    _check_nothing_changed(world)


def test_moderator_sees_every_page(client, world):
    mod = make_moderator()
    client.login(username=mod.email, password=PASSWORD)
    for url in pages(world):
        assert client.get(url).status_code == 200, url


def test_moderator_works_queue_through_pages(client, world):
    mod = make_moderator()
    client.login(username=mod.email, password=PASSWORD)
    product = world["product"]
    url = reverse("moderation:product_action", args=[product.pk, "reject"])
    # No reason: refused, nothing changes.
    client.post(url, {"reason_code": "", "reason": ""})
    product.refresh_from_db()
    assert product.status == "pending_review"
    client.post(url, {"reason_code": "photos", "reason": "Too dark"})
    product.refresh_from_db()
    assert product.status == "rejected"
    # Acting again on a decided product answers 409 with a message, not a 500.
    response = client.post(reverse("moderation:product_action", args=[product.pk, "approve"]))
    assert response.status_code == 409
    assert AuditEntry.objects.count() == 1

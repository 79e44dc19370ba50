"""Reports: anyone can report (rate-limited), reports gather per item, moderators resolve."""

import pytest
from django.urls import reverse

from marketplace.catalogue.selectors import products_public
from marketplace.core.models import OutboxEmail
from marketplace.moderation import selectors, services
from marketplace.moderation.models import AuditEntry, Flag
from tests.factories import ProductFactory, UserFactory
from tests.factories.accounts import PASSWORD

from .helpers import make_moderator, make_seller_shop

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_reports_and_reports_gather_on_the_item(client):
    product = ProductFactory()
    url = reverse("moderation:report", args=["product", product.pk])
    assert client.get(url).status_code == 200
    for reason in ("spam", "counterfeit"):
        response = client.post(url, {"reason": reason, "note": "looks printed"})
        assert response.status_code == 200
    assert Flag.objects.filter(product=product, status="open").count() == 2
    assert selectors.flags_open_grouped() == [
        {
            "product_id": product.pk,
            "shop_id": None,
            "review_id": None,
            "message_id": None,
            "count": 2,
        }
    ]


def test_reports_are_rate_limited_with_429(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "report": "3/hour",
        },
    }
    product = ProductFactory()
    url = reverse("moderation:report", args=["product", product.pk])
    codes = [client.post(url, {"reason": "spam"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Flag.objects.count() == 3


def test_hidden_items_cannot_be_reported(client):
    _seller, shop = make_seller_shop(status="pending")
    product = ProductFactory(shop=shop)
    response = client.post(
        reverse("moderation:report", args=["product", product.pk]), {"reason": "spam"}
    )
    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_resolving_hide_takes_the_product_down_and_tells_signed_in_reporter():
    mod = make_moderator()
    seller, shop = make_seller_shop(language="fr")
    product = ProductFactory(shop=shop)
    reporter = UserFactory(language="es")
    services.flag_create(
        kind="product", pk=product.pk, reason="fraud", reporter=reporter, ip="1.1.1.1"
    )
    services.flag_create(kind="product", pk=product.pk, reason="spam", reporter=None, ip="2.2.2.2")

    n = services.flag_resolve(
        kind="product", pk=product.pk, actor=mod, resolution="hidden", note="Fake"
    )

    assert n == 2
    assert product not in products_public()
    assert not Flag.objects.filter(status="open").exists()
    [entry] = AuditEntry.objects.all()
    assert entry.action == "report.hide"
    assert entry.changes["status"] == ["published", "rejected"]
    assert entry.changes["open_reports"] == ["2", "0"]
    outcome = OutboxEmail.objects.get(to_email=reporter.email)
    assert outcome.language == "es"
    assert OutboxEmail.objects.filter(to_email=seller.email).count() == 1


def test_resolving_suspend_suspends_the_shop_of_a_reported_product():
    mod = make_moderator()
    _seller, shop = make_seller_shop()
    product = ProductFactory(shop=shop)
    services.flag_create(kind="product", pk=product.pk, reason="fraud", ip="1.1.1.1")
    services.flag_resolve(kind="product", pk=product.pk, actor=mod, resolution="suspended")
    shop.refresh_from_db()
    assert shop.status == "suspended" and shop.payouts_paused
    [entry] = AuditEntry.objects.all()
    assert entry.object_type == "artisans.shop" and entry.action == "report.suspend"


def test_no_action_keeps_the_item_and_records_one_entry(client):
    mod = make_moderator()
    product = ProductFactory()
    services.flag_create(kind="product", pk=product.pk, reason="other", ip="1.1.1.1")
    client.login(username=mod.email, password=PASSWORD)
    response = client.post(
        reverse("moderation:report_detail", args=["product", product.pk]),
        {"resolution": "no_action"},
    )
    assert response.status_code == 302
    assert product in products_public()
    assert AuditEntry.objects.get().action == "report.dismiss"
    assert Flag.objects.get().resolution == "no_action"

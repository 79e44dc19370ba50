"""A moderator works the product queue in a real browser and opens the analytics page."""

from pathlib import Path

import pytest

from marketplace.catalogue.models import Product
from marketplace.core.models import OutboxEmail
from marketplace.moderation.models import AuditEntry
from tests.factories import ProductFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.moderation.helpers import (
    make_line,
    make_moderator,
    make_pending_product,
    make_seller_shop,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "moderation"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, email):
    page.goto(f"{base}/en/account/login/?next=/en/moderation/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/moderation/")


def test_moderator_approves_rejects_and_reads_analytics(live_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    mod = make_moderator(email="mod@example.com")
    seller, shop = make_seller_shop(language="fr")
    keep = make_pending_product(shop, title_en="Blue Safi tagine")
    refuse = make_pending_product(shop, title_en="Plastic lantern")
    for _ in range(3):
        make_line(buyer=UserFactory(), product=ProductFactory(shop=shop), country="US")
    make_line(buyer=UserFactory(), product=ProductFactory(shop=shop), country="FR")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, live_server.url, mod.email)
    page.click("nav.mod-nav >> text=Products")
    page.wait_for_selector(".product-queue")
    assert page.locator(".queue-item").count() == 2
    page.screenshot(path=str(ARTIFACTS / "queue-desktop-en.png"), full_page=True)

    # Approve the first from its detail page.
    page.click("a:has-text('Blue Safi tagine')")
    page.wait_for_selector("text=Text in every language")
    page.screenshot(path=str(ARTIFACTS / "product-detail-desktop-en.png"), full_page=True)
    page.click("button:has-text('Approve and publish')")
    page.wait_for_selector(".message:has-text('Product approved')")

    # Reject the other with a reason from the list plus free text.
    page.click("a:has-text('Plastic lantern')")
    page.select_option("#reject-code", "not_handmade")
    page.fill("#reject-text", "Moulded plastic, not handmade.")
    page.click("button:has-text('Refuse with this reason')")
    page.wait_for_selector(".message:has-text('Product refused')")
    page.screenshot(path=str(ARTIFACTS / "queue-empty-desktop-en.png"), full_page=True)

    keep.refresh_from_db()
    refuse.refresh_from_db()
    assert keep.status == Product.Status.PUBLISHED
    assert refuse.status == Product.Status.REJECTED
    assert "Moulded plastic, not handmade." in refuse.status_reason
    assert AuditEntry.objects.filter(action="product.approve").count() == 1
    assert AuditEntry.objects.filter(action="product.reject").count() == 1
    mail = OutboxEmail.objects.get(to_email=seller.email, kind="moderation.product_rejected")
    assert mail.language == "fr" and "Moulded plastic" in mail.body_text

    # Analytics, desktop and phone, English and Arabic.
    page.click("nav.mod-nav >> text=Analytics")
    page.wait_for_selector("svg.chart")
    assert page.locator("#table-countries tbody tr").count() == 2
    page.screenshot(path=str(ARTIFACTS / "analytics-desktop-en.png"), full_page=True)
    phone = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/ar/moderation/analytics/")
    mobile.wait_for_selector("svg.chart")
    assert mobile.locator("html").get_attribute("dir") == "rtl"
    mobile.screenshot(path=str(ARTIFACTS / "analytics-phone-ar.png"), full_page=True)
    mobile.goto(f"{live_server.url}/ar/moderation/products/")
    mobile.screenshot(path=str(ARTIFACTS / "queue-phone-ar.png"), full_page=True)
    phone.close()

"""On phones: a buyer in English asks a cooperative for a carpet; its manager, in Arabic, answers
with a quote; the buyer pays the deposit with the 3-D Secure test card; the manager posts a
progress photo; the buyer sees it. Real app, real localstripe (its Stripe.js stand-in and
signed webhook), headless Chromium. Screenshots go to test-artifacts/conversations/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from artisans.models import Membership, ShippingZone
from marketplace.conversations.models import Commission
from tests.artisans import imagegen
from tests.factories import (
    ArtisanFactory,
    CooperativeFactory,
    ProductFactory,
    ShippingRateFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)
from tests.factories.accounts import PASSWORD
from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "conversations"


def _phone(browser, locale):
    context = browser.new_context(viewport={"width": 360, "height": 760}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _login(page, base, lang, email, next_path):
    page.goto(f"{base}/{lang}/account/login/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def cooperative(localstripe, live_server):  # noqa: F811
    from django.conf import settings

    from payments import stripe_client

    stripe_client.localstripe_register_webhook(
        url=f"{live_server.url}/payments/stripe/webhook/",
        secret=settings.STRIPE_WEBHOOK_SECRET,
        name="souk-tests",
    )
    coop = CooperativeFactory(name="Tifawin")
    manager = UserFactory(email="fatima@tifawin.ma", display_name="Fatima", language="ar")
    Membership.objects.create(
        cooperative=coop,
        artisan=ArtisanFactory(user=manager, name="فاطمة آيت علي"),
        role=Membership.Role.MANAGER,
    )
    shop = ShopFactory(coop=True, cooperative=coop, name="Tifawin")
    ShippingRateFactory(shop=shop, zone=ShippingZone.NORTH_AMERICA, first_item=Decimal("150"))
    product = ProductFactory(shop=shop, title_en="Azilal carpet", title_ar="زربية أزيلال")
    VariantFactory(product=product, price=Decimal("3500.00"))
    UserFactory(email="emily@example.com", display_name="Emily", language="en", currency="USD")
    return product


def test_a_carpet_is_quoted_paid_with_3ds_and_followed_in_photos(
    live_server, browser, cooperative, tmp_path
):
    base = live_server.url
    product = cooperative

    # 1. The buyer, in English on her phone, asks from the carpet's page.
    buyer = _phone(browser, "en-US")
    _login(buyer, base, "en", "emily@example.com", f"/en/p/{product.slug}/")
    buyer.click("[data-testid=ask-maker]")
    buyer.fill("#id_text", "Could you weave this carpet 200×300 cm, in indigo?")
    buyer.click("[data-testid=send]")
    buyer.wait_for_selector("[data-testid=message-text]")
    _shot(buyer, "01-buyer-asks-en-phone")
    _fits(buyer)
    thread_url = buyer.url

    # 2. The manager, in Arabic, sees the unread message in the header and answers with a quote.
    manager = _phone(browser, "ar-MA")
    _login(manager, base, "ar", "fatima@tifawin.ma", "/ar/messages/shop/")
    assert manager.locator("html").get_attribute("dir") == "rtl"
    assert manager.locator("[data-testid=inbox-unread]").inner_text() == "1"
    manager.locator("[data-testid=inbox] a").first.click()
    assert "200×300" in manager.locator("[data-testid=message-text]").first.inner_text()
    manager.click("#quote summary")
    manager.fill("#id_description", "زربية أزيلال منسوجة باليد، صوف\nنيلي وزعفراني")
    manager.fill("#id_dimensions", "200 × 300 cm")
    manager.fill("#id_colours", "نيلي، زعفراني")
    manager.fill("#id_price_mad", "4000")
    manager.fill("#id_lead_time_days", "30")
    manager.fill("#id_deposit_percent", "30")
    manager.click("[data-testid=send-quote]")
    manager.wait_for_selector("[data-testid=quote]")
    _shot(manager, "02-manager-quotes-ar-phone")
    _fits(manager)

    # 3. The buyer sees the quote in dollars, accepts it and pays the 30 % deposit with 3-D Secure.
    buyer.goto(thread_url)
    quote = buyer.locator("[data-testid=quote]")
    assert "$400.00" in quote.locator("[data-testid=quote-price]").inner_text()
    _shot(buyer, "03-buyer-sees-quote-en-phone")
    buyer.click("[data-testid=accept-quote]")
    assert "$120.00" in buyer.locator("[data-testid=deposit]").inner_text()
    buyer.fill("#id_name", "Emily Carter")
    buyer.fill("#id_line1", "12 Main Street")
    buyer.fill("#id_city", "Boston")
    buyer.fill("#id_postal_code", "02110")
    buyer.fill("#id_country", "US")
    buyer.click("[data-testid=accept-and-pay]")
    buyer.wait_for_selector("#card-element input")
    inputs = buyer.locator("#card-element input")
    for index, value in enumerate(["4000002500003155", "12", "34", "123", "02110"]):
        inputs.nth(index).fill(value)
    _shot(buyer, "04-buyer-pays-deposit-en-phone")
    buyer.click("#pay-button")
    for _ in range(2):  # the stand-in asks once for the card, once for the payment
        challenge = buyer.get_by_role("button", name="Complete authentication")
        challenge.wait_for(timeout=20000)
        challenge.click()
    buyer.get_by_test_id("payment-received").wait_for(timeout=30000)
    commission = Commission.objects.get()
    assert commission.deposit_order.payment.status == "succeeded"
    for _ in range(60):  # the webhook's worker, then the commission follows after commit
        commission.refresh_from_db()
        if commission.status == "deposit_paid":
            break
        buyer.wait_for_timeout(250)
    assert commission.status == "deposit_paid"

    # 4. The manager posts a progress photo from the piece's page.
    manager.goto(f"{base}/ar/messages/commissions/{commission.pk}/")
    loom = tmp_path / "loom.jpg"
    loom.write_bytes(imagegen.jpeg_with_gps())
    manager.fill("[data-testid=progress-form] textarea", "نصف الزربية جاهز")
    manager.set_input_files("#id_progress_photos", str(loom))
    manager.click("[data-testid=post-progress]")
    manager.wait_for_selector("[data-testid=progress] [data-testid=message-photo]")
    _shot(manager, "05-manager-posts-progress-ar-phone")
    _fits(manager)

    # 5. The buyer sees it: the photo loads (only for her and the shop).
    buyer.goto(f"{base}/en/messages/commissions/{commission.pk}/")
    assert buyer.get_by_test_id("commission-status").inner_text() == "Being made"
    photo = buyer.locator("[data-testid=progress] [data-testid=message-photo]").first
    photo.wait_for()
    buyer.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert "نصف الزربية جاهز" in buyer.locator("[data-testid=progress]").inner_text()
    _shot(buyer, "06-buyer-sees-progress-en-phone")
    _fits(buyer)

"""A buyer pays with the 3-D Secure test card, completes the challenge and sees the order paid.

Runs against the live app and a private localstripe (its Stripe.js stand-in draws the card
inputs and the 3-D Secure challenge). Screenshots go to test-artifacts/payments/.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "payments"


@pytest.fixture
def order_to_pay(localstripe, live_server):  # noqa: F811
    from django.conf import settings

    from payments import stripe_client
    from tests.factories.payments import order_awaiting_payment

    stripe_client.localstripe_register_webhook(
        url=f"{live_server.url}/payments/stripe/webhook/",
        secret=settings.STRIPE_WEBHOOK_SECRET,
        name="souk-tests",
    )
    return order_awaiting_payment(
        totals=(Decimal("450.00"), Decimal("120.00")), currency="EUR", rate=Decimal("0.0920")
    )


def _link(base, order, language="en", page="") -> str:
    """The pay page as the guest reaches it: through the signed link from the order e-mail."""
    from marketplace.orders.links import order_token

    return f"{base}/{language}/pay/{order.number}/{page}?t={order_token(order.number)}"


def _fill_card(page, number):
    inputs = page.locator("#card-element input")
    inputs.nth(0).fill(number)
    inputs.nth(1).fill("12")
    inputs.nth(2).fill("34")
    inputs.nth(3).fill("123")
    inputs.nth(4).fill("20000")


def test_buyer_pays_with_3ds_card_and_sees_the_order_paid(browser, live_server, order_to_pay):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    order = order_to_pay
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_link(live_server.url, order))
    assert page.locator("h1").inner_text() == "Pay your order"
    page.wait_for_selector("#card-element input")
    page.screenshot(path=str(ARTIFACTS / "pay-en-desktop.png"), full_page=True)

    # A declined card first: plain words, and the buyer can try again on the same page.
    _fill_card(page, "4000000000000341")
    page.click("#pay-button")
    error = page.locator("#pay-error")
    error.wait_for(state="visible", timeout=15000)
    assert "declined" in error.inner_text()
    page.screenshot(path=str(ARTIFACTS / "pay-declined-en-desktop.png"), full_page=True)

    # Then the 3-D Secure card: the bank's challenge appears (twice with the stand-in: when
    # the card is saved and when the payment is confirmed) and the buyer completes it.
    page.locator("#card-element input").nth(0).fill("4000002500003155")
    page.wait_for_function("() => !document.getElementById('pay-button').disabled")
    page.click("#pay-button")
    # Between the two, the page says the bank now asks about the payment itself, so the
    # first "complete" does not look as if nothing happened.
    for step in range(2):
        challenge = page.get_by_role("button", name="Complete authentication")
        challenge.wait_for(timeout=15000)
        if step == 1:
            status = page.locator("#pay-status").inner_text()
            assert "confirm the payment itself" in status
        page.screenshot(path=str(ARTIFACTS / "pay-3ds-challenge.png"), full_page=True)
        challenge.click()
    page.wait_for_url(f"**/pay/{order.number}/done/", timeout=15000)
    received = page.get_by_test_id("payment-received")
    received.wait_for(timeout=20000)  # the page refreshes until the webhook was processed
    assert "Payment received" in received.inner_text()
    page.screenshot(path=str(ARTIFACTS / "done-en-desktop.png"), full_page=True)
    order.refresh_from_db()
    assert order.status == "paid"
    assert set(order.shop_orders.values_list("status", flat=True)) == {"paid"}

    phone = browser.new_page(viewport={"width": 360, "height": 760})
    phone.goto(_link(live_server.url, order, "ar", "done/"))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.screenshot(path=str(ARTIFACTS / "done-ar-phone.png"), full_page=True)


def test_pay_page_in_arabic_on_a_phone(browser, live_server, order_to_pay):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 760})
    page.goto(_link(live_server.url, order_to_pay, "ar"))
    page.wait_for_selector("#card-element input")
    assert page.locator("html").get_attribute("dir") == "rtl"
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "pay-ar-phone.png"), full_page=True)
    assert width <= 360  # nothing overflows sideways on a phone

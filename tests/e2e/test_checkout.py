"""A guest buys pieces from two shops, pays in USD to a US address, and sees the order split.

Drives Chromium against the live app (with a private localstripe for the pay page).
Screenshots go to test-artifacts/orders/.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "orders"


@pytest.fixture
def two_shops():
    from tests.factories import VariantFactory
    from tests.orders.conftest import shop_shipping_everywhere

    tagine = VariantFactory(
        product__shop=shop_shipping_everywhere(name="Atelier Fakhar Safi"),
        product__title_en="Blue Safi tagine",
        price=Decimal("450.00"),
        stock=4,
    )
    rug = VariantFactory(
        product__shop=shop_shipping_everywhere(name="Tifawin cooperative"),
        product__title_en="Azilal wool rug",
        price=Decimal("1200.00"),
        stock=1,
    )
    return tagine, rug


def _add(page, base, variant, quantity):
    page.goto(f"{base}/en/p/{variant.product.slug}/")
    page.fill("#quantity", str(quantity))
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()


def test_guest_checks_out_two_shops_in_usd_and_sees_two_parts_awaiting_payment(
    browser,
    live_server,
    localstripe,  # noqa: F811
    two_shops,
):
    from marketplace.orders.models import Order

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    tagine, rug = two_shops
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _add(page, base, tagine, 2)
    _add(page, base, rug, 1)
    assert page.locator(".cart-link .badge").inner_text() == "3"

    page.goto(f"{base}/en/cart/?country=US")
    assert page.locator(".shop-group").count() == 2
    page.screenshot(path=ARTIFACTS / "cart-desktop-en.png", full_page=True)
    page.get_by_role("link", name="Check out").click()

    page.fill("#id_email", "emily.carter@example.com")
    page.fill("#id_name", "Emily Carter")
    page.fill("#id_line1", "12 Main Street")
    page.fill("#id_city", "Boston")
    page.fill("#id_postal_code", "02110")
    page.select_option("#id_country", "US")
    page.fill("#id_phone", "+1 617 555 0100")
    page.select_option("#id_currency", "USD")
    # The summary follows the address and currency (checkout.js asks again; the "Update
    # shipping and totals" button is for browsers without JavaScript and is hidden here).
    assert not page.get_by_role("button", name="Update shipping and totals").is_visible()
    # 2 × 450 + 1200 MAD, shipping 50+20 and 50 MAD, at 0.10 USD per MAD
    page.wait_for_function(
        "() => document.querySelector('[data-testid=grand-total]').innerText === '$222.00'"
    )
    page.screenshot(path=ARTIFACTS / "checkout-desktop-en.png", full_page=True)
    page.get_by_role("button", name="Place order and pay").click()
    page.wait_for_url(re.compile(r"/en/pay/SK-[\w-]+/$"))

    order = Order.objects.get()
    assert (order.currency, order.total, order.ship_country) == ("USD", Decimal("222.00"), "US")
    assert page.locator("h1").inner_text() == "Pay your order"
    page.screenshot(path=ARTIFACTS / "pay-desktop-en.png", full_page=True)

    page.goto(f"{base}/en/orders/{order.number}/")
    parts = page.get_by_test_id("shop-part")
    assert parts.count() == 2
    for i in range(2):
        assert "Awaiting payment" in parts.nth(i).inner_text()
    assert "Atelier Fakhar Safi" in parts.nth(0).inner_text() + parts.nth(1).inner_text()
    page.screenshot(path=ARTIFACTS / "order-desktop-en.png", full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 800})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{base}/ar/orders/{order.number}/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.get_by_test_id("shop-part").count() == 2
    phone.screenshot(path=ARTIFACTS / "order-phone-ar.png", full_page=True)
    phone.goto(f"{base}/ar/cart/")
    phone.screenshot(path=ARTIFACTS / "cart-empty-phone-ar.png", full_page=True)

    # The stock is reserved for the order while the buyer pays.
    rug.refresh_from_db()
    assert rug.stock == 0

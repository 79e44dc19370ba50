"""On a 360-px phone in Arabic: a buyer in Casablanca checks out a cart from two shops with
cash on delivery, types the code read from the outbox, sees the order confirmed; each seller
then sees its own part. Screenshots go to test-artifacts/cod/."""

import re
from decimal import Decimal

import pytest

from tests.factories import UserFactory, VariantFactory
from tests.payments.cod_helpers import cod_shop

from .phone import fits, log_in, phone_page, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cod_market():
    """Two shops taking COD, each run by an Arabic-speaking maker, one piece each."""
    sellers, variants = [], []
    for name, title, price in (
        ("فخار آسفي", "طاجين آسفي الأزرق", "450.00"),
        ("تعاونية تيفاوين", "زربية أزيلال", "1200.00"),
    ):
        seller = UserFactory(language="ar", country="MA")
        shop = cod_shop(name=name, fee="10.00")
        shop.artisan.user = seller
        shop.artisan.save()
        sellers.append(seller)
        variants.append(
            VariantFactory(
                product__shop=shop, product__title_ar=title, price=Decimal(price), stock=3
            )
        )
    buyer = UserFactory(
        email="salma@example.ma", language="ar", country="MA", currency="MAD", display_name="سلمى"
    )
    return buyer, sellers, variants


def test_casablanca_buyer_pays_two_shops_on_delivery_and_each_seller_sees_its_part(
    live_server, browser, cod_market, text_messages
):
    from marketplace.orders.models import Order

    base = live_server.url
    buyer, sellers, variants = cod_market
    page = phone_page(browser)
    log_in(page, base, buyer.email, "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    for variant in variants:
        page.goto(f"{base}/ar/p/{variant.product.slug}/")
        page.locator("form:has(#quantity) button[type=submit]").click()
        page.wait_for_load_state()

    page.goto(f"{base}/ar/checkout/?country=MA")
    page.fill("#id_name", "سلمى بناني")
    page.fill("#id_line1", "14 زنقة تيزنيت، المعاريف")
    page.fill("#id_city", "الدار البيضاء")
    page.fill("#id_postal_code", "20330")
    page.select_option("#id_country", "MA")
    page.fill("#id_phone", "06 12 34 56 78")
    page.select_option("#id_currency", "MAD")
    # The summary (and with it the ways to pay) follows the country and currency: let it settle.
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.getElementById('checkout-summary').hasAttribute('aria-busy')"
    )
    cod = page.locator("input[name=payment_method][value=cod]")
    assert cod.is_enabled()
    assert "الدفع عند الاستلام" in page.get_by_test_id("pay-cod").inner_text()
    cod.check()
    assert cod.is_checked()
    shot(page, "cod", "01-checkout-ar-360")
    assert fits(page)
    page.locator("button[name=action][value=place]").click()
    page.wait_for_url(re.compile(r"/ar/pay/SK-[0-9A-Z-]+/cash/$"))
    order = Order.objects.get()
    assert order.payment_method == "cod" and order.status == "pending_payment"
    assert order.total_mad == Decimal("1730.00")  # 450 + 1200 + 2 × 30 shipping + 2 × 10 fee
    shot(page, "cod", "02-code-ar-360")
    assert fits(page)

    (sms,) = [m for m in text_messages if m.purpose == "cod_code"]
    assert sms.to_phone == "+212612345678" and sms.language == "ar"
    code = re.search(r"\b(\d{6})\b", sms.body).group(1)
    page.fill("#cod-code", code)
    page.locator("button[name=action][value=verify]").click()
    page.wait_for_url(re.compile(rf"/ar/orders/{order.number}/"))
    assert page.get_by_test_id("order-status").inner_text().strip() == "مؤكَّد، الدفع عند الاستلام"
    assert page.get_by_test_id("cod-badge").is_visible()
    shot(page, "cod", "03-confirmed-ar-360")
    assert fits(page)
    order.refresh_from_db()
    assert order.status == "confirmed"

    for n, (seller, variant) in enumerate(zip(sellers, variants, strict=True), start=1):
        seller_page = phone_page(browser)
        log_in(seller_page, base, seller.email, "/ar/sell/orders/")
        rows = seller_page.locator(".order-row")
        assert rows.count() == 1 and order.number in rows.first.inner_text()
        rows.first.click()
        seller_page.wait_for_load_state()
        text = seller_page.locator("main").inner_text()
        assert variant.product.title_ar in text
        other = variants[2 - n].product.title_ar
        assert other not in text  # only this shop's part
        assert seller_page.get_by_test_id("seller-cod").is_visible()
        shot(seller_page, "cod", f"04-seller-{n}-ar-360")
        assert fits(seller_page)

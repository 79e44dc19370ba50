"""Export in the browser: a buyer in the US sees the import-charges estimate before paying; the
carpet shop accepts the paid order on a 360-px phone in Arabic and downloads the CN23.

Screenshots go to test-artifacts/export/.
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories.accounts import PASSWORD
from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "export"


def _add(page, base, variant, quantity):
    page.goto(f"{base}/en/p/{variant.product.slug}/")
    page.fill("#quantity", str(quantity))
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()


def test_us_buyer_sees_the_estimate_and_the_seller_downloads_the_cn23(
    browser,
    live_server,
    localstripe,  # noqa: F811
):
    from marketplace.orders import services
    from marketplace.orders.models import Order
    from tests.shipping.conftest import export_world

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    world = export_world()
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _add(page, base, world.carpet, 1)
    _add(page, base, world.tajine, 2)
    page.goto(f"{base}/en/checkout/")
    page.fill("#id_email", "emily.carter@example.com")
    page.fill("#id_name", "Emily Carter")
    page.fill("#id_line1", "221 Oak Avenue")
    page.fill("#id_city", "Columbus")
    page.fill("#id_postal_code", "43215")
    page.select_option("#id_country", "US")
    page.select_option("#id_currency", "USD")
    # The summary follows the country and currency (checkout.js fetches it again).

    # Before paying: the estimate, labelled as one, with its rule and the rule's date.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=import-estimate-total]')"
        " && document.querySelector('[data-testid=import-estimate-total]').innerText.includes('$')"
    )
    box = page.get_by_test_id("import-estimate")
    assert "Import charges on delivery (estimate)" in box.inner_text()
    assert page.get_by_test_id("import-estimate-total").inner_text() == "$52.00"
    assert "29 August 2025" in box.inner_text()
    # 4,500 + 700 MAD of pieces + 900 + 310 MAD shipping = 6,410 MAD at 0.10.
    assert page.get_by_test_id("grand-total").inner_text() == "$641.00"
    page.screenshot(path=ARTIFACTS / "checkout-estimate-desktop-en.png", full_page=True)
    phone_buyer = browser.new_page(viewport={"width": 360, "height": 780})
    phone_buyer.context.add_cookies(page.context.cookies())
    phone_buyer.goto(f"{base}/ar/checkout/?country=US&currency=USD")
    phone_buyer.get_by_test_id("import-estimate").wait_for()
    assert phone_buyer.locator("html").get_attribute("dir") == "rtl"
    phone_buyer.screenshot(path=ARTIFACTS / "checkout-estimate-phone-ar.png", full_page=True)
    page.get_by_role("button", name="Place order and pay").click()
    page.wait_for_url(re.compile(r"/en/pay/SK-[\w-]+/$"))

    order = Order.objects.get()
    assert order.import_estimate["total"] == "52.00"
    services.order_mark_paid(order_id=order.pk)  # as the payment webhook would

    # The carpet shop, on a phone in Arabic: accept, then download the CN23.
    phone = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="ar-MA", accept_downloads=True
    ).new_page()
    phone.set_default_timeout(15000)
    seller = world.carpets.artisan.user
    phone.goto(f"{base}/ar/account/login/?next=/ar/sell/orders/{order.number}/")
    phone.fill("input[name=username]", seller.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.click("form[action$='/accept/'] button")
    phone.wait_for_load_state()
    cn23 = phone.get_by_test_id("document-cn23")
    assert cn23.is_visible()
    phone.screenshot(path=ARTIFACTS / "seller-order-documents-phone-ar.png", full_page=True)
    with phone.expect_download() as download:
        cn23.click()
    pdf = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "CN 23" in text and "570110" in text and "Emily Carter" in text
    # The buyer's order page in the meantime says nothing of the papers, and keeps the estimate.
    page.goto(f"{base}/en/orders/{order.number}/")
    assert page.get_by_test_id("import-estimate-total").inner_text() == "$52.00"
    page.screenshot(path=ARTIFACTS / "order-estimate-desktop-en.png", full_page=True)

"""A buyer scans the QR code on her card: the certificate on a phone, in English and in Arabic."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
import segno
from django.utils import timezone

from marketplace.provenance import services
from marketplace.provenance.documents import qr_svg
from marketplace.provenance.models import Certificate, MemberShare
from tests.provenance.conftest import cast as cast  # the fixture, re-exported
from tests.provenance.conftest import delivered, shipped, sold, verified_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SOUK_SCREENSHOTS", "/tmp/souk-shots"))


def _phone(browser, locale):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale=locale, is_mobile=True, has_touch=True
    )
    return context.new_page()


def test_a_buyer_opens_the_certificate_from_the_qr_on_a_phone(
    live_server,
    browser,
    cast,
    settings,
):
    settings.SITE_URL = live_server.url  # the address printed in the QR code
    verified_claim(cast)
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="30", makers=[(cast.maker.pk, "70")]
    )
    shop_order = delivered(cast, shipped(cast, sold(cast, language="en")))
    share = MemberShare.objects.get(line__shop_order=shop_order, kind="maker")
    payment = services.member_payment_record(
        shop=cast.shop, actor=cast.manager, artisan_id=cast.maker.pk, share_ids=[share.pk],
        paid_on=timezone.localdate() - timedelta(days=1), method="wallet", phone="0612345678",
    )  # fmt: skip
    services.member_payment_answer(token=payment.token, confirm=True)
    certificate = Certificate.objects.get(line__shop_order=shop_order)

    # The URL the packing slip's QR code holds (the same QR segno draws for it).
    url = services.certificate_url(certificate.code, "en")
    assert url == f"{live_server.url}/en/v/{certificate.code}/"
    assert segno.make(url, error="m").svg_inline(scale=4, dark="#3b2a20", light="#ffffff") == (
        qr_svg(url)
    )

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _phone(browser, "en-US")
    page.goto(url)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_test_id("makers").inner_text() == "Itto Ouhammou"
    assert "Morocco Handmade label" in page.get_by_test_id("labels").inner_text()
    pay = page.get_by_test_id("maker-pay").inner_text()
    assert "Itto Ouhammou received 630.00 MAD of the 1000.00 MAD you paid" in pay
    assert page.get_by_test_id("signature-valid").is_visible()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "provenance-en.png"), full_page=True)

    arabic = _phone(browser, "ar-MA")
    arabic.goto(url.replace("/en/", "/ar/"))
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.locator("html").get_attribute("lang") == "ar"
    assert "صنع يدوي مغربي" in arabic.get_by_test_id("labels").inner_text()
    assert "630.00 MAD" in arabic.get_by_test_id("maker-pay").inner_text()
    direction = arabic.get_by_test_id("certificate").evaluate("e => getComputedStyle(e).direction")
    assert direction == "rtl"
    assert arabic.evaluate("document.documentElement.scrollWidth") <= 360
    arabic.screenshot(path=str(SHOTS / "provenance-ar.png"), full_page=True)

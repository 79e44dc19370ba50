"""In Arabic on a 360-px phone: an artisan applies, a moderator verifies the shop, the artisan
lists a product with two photos and two variants and sends it for review. Screenshots are kept
in test-artifacts/."""

from pathlib import Path

import pytest

from artisans.models import Shop
from marketplace.catalogue.models import Product
from tests.artisans import imagegen
from tests.factories import CategoryFactory, UserFactory

from .phone import log_in, phone_page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
RIB = "011780000001234567890187"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    return phone_page(browser)


def _login(page, base, email, next_path):
    log_in(page, base, email, next_path)


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"seller-{name}.png"), full_page=True)


def test_artisan_applies_gets_verified_and_lists_a_product(live_server, browser, tmp_path):
    base = live_server.url
    category = CategoryFactory(title_ar="فخار", title_fr="Poterie", title_en="Pottery")
    UserFactory(email="fatima@example.com", display_name="Fatima", language="ar")
    moderator = UserFactory(email="mod@example.com", is_staff=True)
    from django.contrib.auth.models import Group

    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])

    page = _phone(browser)
    _login(page, base, "fatima@example.com", "/ar/sell/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _shot(page, "01-landing")
    page.click("a[href$='/sell/apply/artisan/']")
    page.fill("#id_name", "فاطمة الزهراء")
    page.select_option("#id_craft", "pottery")
    page.select_option("#id_region", "marrakech-safi")
    page.fill("#id_city", "آسفي")
    page.fill("#id_registry_number", "RNA-2024-5531")
    _shot(page, "02-apply")
    page.click("main form button[type=submit]")

    page.fill("#id_story", "أصنع الفخار في آسفي منذ عشرين سنة مع عائلتي.")
    _shot(page, "03-story")
    page.click("main form button[type=submit]")

    pdf = tmp_path / "carte.pdf"
    pdf.write_bytes(PDF)
    page.select_option("#id_kind", "register")
    page.set_input_files("#id_file", str(pdf))
    page.click("main form[enctype] button[type=submit]")
    _shot(page, "04-documents")
    page.click("a.btn[href$='/sell/settings/payout/']")
    page.fill("#id_holder", "فاطمة الزهراء")
    page.fill("#id_rib", RIB[:-1] + "0")  # a typo: the key does not match
    page.click("main form button[type=submit]")
    assert page.locator(".field.has-error").count() == 1
    _shot(page, "05-rib-refused")
    page.fill("#id_rib", RIB)
    page.click("main form button[type=submit]")
    _shot(page, "06-application")
    page.click("form[action$='/application/submit/'] button")
    _shot(page, "07-submitted")
    shop = Shop.objects.get(artisan__user__email="fatima@example.com")
    assert shop.status == Shop.Status.PENDING

    # The moderator verifies the shop on the moderation pages.
    mod_page = _phone(browser)
    _login(mod_page, base, "mod@example.com", f"/ar/moderation/shops/{shop.pk}/")
    mod_page.click("form[action$='/verify/'] button")
    mod_page.wait_for_load_state()
    shop.refresh_from_db()
    assert shop.status == Shop.Status.VERIFIED

    # The artisan lists a product.
    page.goto(f"{base}/ar/sell/")
    _shot(page, "08-dashboard")
    page.goto(f"{base}/ar/sell/products/new/")
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_title_ar", "طاجين آسفي المزخرف")
    page.fill("#id_description_ar", "طاجين من طين آسفي، مزخرف باليد، صالح للطبخ.")
    page.click("main form button[type=submit]")
    _shot(page, "09-product")
    page.click("a[href$='/variants/']")
    for size, price, stock in (("صغير", "180", "4"), ("كبير", "260", "2")):
        page.fill("#id_size", size)
        page.fill("#id_price", price)
        page.fill("#id_stock", stock)
        page.click("form[novalidate] button[type=submit]")
    _shot(page, "10-variants")
    page.click("a.btn[href$='/photos/']")
    one, two = tmp_path / "one.jpg", tmp_path / "two.png"
    one.write_bytes(imagegen.jpeg_with_gps())
    two.write_bytes(imagegen.png())
    page.set_input_files("#id_photos", [str(one), str(two)])
    page.fill("#id_alt_text", "طاجين آسفي")
    page.click("form.upload button[type=submit]")
    assert page.locator(".photo-item").count() == 2
    # Drag the second photo onto the first: it becomes the main photo, saved at once.
    first_id, second_id = page.locator(".photo-item").evaluate_all(
        "items => items.map(item => item.dataset.id)"
    )
    # Both photos in view below the sticky header, then drop on the upper half of the first.
    page.locator(f"#photo-{first_id}").evaluate("item => item.scrollIntoView({block: 'center'})")
    page.locator(f"#photo-{second_id} .thumb").drag_to(
        page.locator(f"#photo-{first_id} .thumb"), target_position={"x": 20, "y": 40}
    )
    page.wait_for_function("() => document.getElementById('photo-order-status').textContent !== ''")
    assert page.locator(".photo-item").first.get_attribute("data-id") == second_id
    stored = Product.objects.get(shop=shop).images.order_by("position")
    assert [image.pk for image in stored] == [int(second_id), int(first_id)]
    _shot(page, "11-photos")
    page.goto(f"{base}/ar/sell/products/")
    page.click(".product-row")
    page.click("form[action$='/submit/'] button")
    _shot(page, "12-submitted")

    product = Product.objects.get(shop=shop)
    assert product.status == Product.Status.PENDING_REVIEW
    assert product.variants.count() == 2 and product.images.count() == 2
    assert all(image.ready for image in product.images.all())
    # Also one look in English on a desktop, for the record.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(desk, base, "fatima@example.com", "/en/sell/dashboard/")
    desk.screenshot(path=str(ARTIFACTS / "seller-13-dashboard-desktop-en.png"), full_page=True)

"""Every role's journey on a 360 × 780 phone, reaching its pages from the header menu only.

A buyer, an artisan and a cooperative manager in Arabic, a moderator in French and an
administrator in English: each logs in, opens the header's menu and follows its links — no
address is ever typed after the log-in page. The product page in Arabic keeps its price and
"Add to cart" within the first screen under a sticky header of at most 120 px. Screenshots go
to test-artifacts/journeys/.
"""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from tests.e2e.axe import axe_run, axe_source, blocking
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
SCAN = (Path(__file__).parent / "scan_languages.js").read_text(encoding="utf-8")
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def market(settings):
    """A verified potter's shop with a sized, photographed piece; a cooperative; staff."""
    from django.core.files.base import ContentFile

    from artisans.models import Membership
    from demo.images import SIZE, draw_product_image
    from marketplace.catalogue.images import build_renditions
    from marketplace.catalogue.models import ProductImage
    from marketplace.core.storage import public_storage
    from tests.factories import (
        ArtisanFactory,
        CategoryFactory,
        ProductFactory,
        ShopFactory,
        UserFactory,
        VariantFactory,
    )

    settings.MEDIA_URL = "/media/"
    pottery = CategoryFactory(
        slug="pottery", title_ar="الفخار والخزف", title_fr="Poterie", title_en="Pottery"
    )
    people = {
        "buyer": UserFactory(email="salma@example.com", display_name="سلمى", language="ar"),
        "artisan": UserFactory(email="karim@example.com", display_name="كريم", language="ar"),
        "manager": UserFactory(email="itto@example.com", display_name="إيطو", language="ar"),
        "moderator": UserFactory(email="mod@example.com", is_staff=True, language="fr"),
        "admin": UserFactory(
            email="root@example.com", is_staff=True, is_superuser=True, language="en"
        ),
    }
    people["moderator"].groups.add(Group.objects.get_or_create(name="moderators")[0])
    shop = ShopFactory(
        slug="fakhar-safi",
        name="Atelier Fakhar Safi",
        artisan=ArtisanFactory(user=people["artisan"], name="كريم الصافي"),
    )
    from artisans.models import ShippingZone
    from tests.factories.artisans import ShippingRateFactory

    for zone in ShippingZone.values:  # 35 MAD within Morocco, 180 MAD abroad
        first = Decimal("35.00") if zone == ShippingZone.MOROCCO else Decimal("180.00")
        ShippingRateFactory(shop=shop, zone=zone, first_item=first)
    # Money waiting and available: the dashboard's money cards hold long figures.
    from django.utils import timezone

    from payments.models import LedgerEntry

    for amount, days in ((Decimal("24777.00"), 3), (Decimal("1921.50"), -3)):
        LedgerEntry.objects.create(
            shop=shop,
            kind=LedgerEntry.Kind.SALE,
            amount_mad=amount,
            available_at=timezone.now() + timezone.timedelta(days=days),
        )
    coop = ShopFactory(coop=True, slug="tifawin", name="Coopérative Tifawin")
    Membership.objects.create(
        cooperative=coop.cooperative,
        artisan=ArtisanFactory(user=people["manager"], name="إيطو"),
        role=Membership.Role.MANAGER,
    )
    product = ProductFactory(
        shop=shop,
        category=pottery,
        slug="tajine-safi",
        title_ar="طاجين آسفي المطلي بالأزرق، زخرفة نجمة",
        title_fr="Tajine de Safi émaillé bleu, motif étoile",
        title_en="Blue glazed Safi tagine, star motif",
        description_ar="طاجين مصنوع يدويا في آسفي.",
        description_fr="Tajine tourné à la main à Safi.",
        description_en="Tagine thrown by hand in Safi.",
        rating_avg=Decimal("4.5"),  # rated: the cards and the page show their stars
        rating_count=2,
    )
    for size, price, stock in (
        ("24 cm", "390.00", 4),
        ("30 cm", "615.00", 2),
        ("35 cm", "780.00", 1),
    ):
        VariantFactory(product=product, options={"size": size}, price=Decimal(price), stock=stock)
    for seed in (3, 4):  # two photos: the gallery scrolls sideways
        data = draw_product_image("pottery", shop.slug, seed=seed)
        image = ProductImage(
            product=product,
            width=SIZE,
            height=SIZE,
            renditions=build_renditions(io.BytesIO(data), storage=public_storage()),
            public=True,
            alt_text="Tajine bleu de Safi vu de dessus",
        )
        image.original.save(f"journey-{seed}.jpg", ContentFile(data), save=False)
        image.save()
    from tests.factories.orders import OrderFactory, ShopOrderFactory

    ShopOrderFactory(
        shop=shop,
        order=OrderFactory(
            buyer=people["buyer"],
            email=people["buyer"].email,
            ship_name="Salma Idrissi",
            ship_line1="12 Rue de la Paix",
            ship_city="Paris",
            ship_postal_code="75002",
            ship_country="FR",
            ship_phone="+33 6 12 34 56 78",
            status="paid",
        ),
        status="paid",
    )
    return {"product": product, **people}


def _phone(browser, locale):
    context = browser.new_context(viewport=PHONE, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _log_in(page, base, lang, email):
    """The only address typed: the log-in page, which brings the visitor back home."""
    page.goto(f"{base}/{lang}/account/login/?next=/{lang}/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _menu(page):
    """Open the header's menu and return its entries' keys, in order."""
    page.locator(".account-menu > summary").click()
    return page.locator(".menu-panel [data-menu]").evaluate_all(
        "els => els.map(e => e.dataset.menu)"
    )


def _scan(page):
    """Fail on text in another language than the page's, or on left-to-right data not isolated."""
    problems = page.evaluate(SCAN)
    assert not problems, (page.url, problems[:10])


def _follow(page, key):
    """Open the menu and follow one of its links, scan the page; answer its status."""
    if not page.locator(".account-menu").evaluate("el => el.open"):
        page.locator(".account-menu > summary").click()
    with page.expect_navigation() as nav:
        page.locator(f'.menu-panel [data-menu="{key}"]').click()
    if key != "admin":  # Django's admin is English-only by design
        _scan(page)
    return nav.value.status


def _header_height(page):
    return page.locator(".site-header").evaluate("el => el.getBoundingClientRect().height")


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_product_page_in_arabic_shows_price_and_add_to_cart_in_the_first_screen(
    live_server, market, browser
):
    page = _phone(browser, "ar-MA")
    page.goto(f"{live_server.url}/ar/")
    # Reach the piece by searching from the header, as a buyer would.
    page.fill("#q", "طاجين")
    with page.expect_navigation():
        page.locator("form.search button").click()
    with page.expect_navigation():
        page.locator(".product-card a").first.click()
    assert "/ar/p/tajine-safi/" in page.url
    _shot(page, "product-ar")
    _scan(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _header_height(page) <= 120
    price = page.locator("#product-price").bounding_box()
    button = page.locator(".add-to-cart button[type=submit]").bounding_box()
    assert price["y"] >= 0 and price["y"] + price["height"] <= PHONE["height"]
    assert button["y"] + button["height"] <= PHONE["height"], button
    # The header stays small once scrolled (it is sticky): still at most 120 px.
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(200)
    assert page.locator(".site-header").bounding_box()["y"] == 0
    assert _header_height(page) <= 120
    # Sizes read left to right inside the Arabic page: "24 cm", not "cm 24".
    label = page.locator(".variant-label").first
    assert label.evaluate("el => getComputedStyle(el).direction") == "ltr"
    box_number = label.evaluate(
        """el => { const r = document.createRange(); const t = el.firstChild;
                   r.setStart(t, 0); r.setEnd(t, 2); return r.getBoundingClientRect().x; }"""
    )
    box_unit = label.evaluate(
        """el => { const r = document.createRange(); const t = el.firstChild;
                   r.setStart(t, 3); r.setEnd(t, 5); return r.getBoundingClientRect().x; }"""
    )
    assert box_number < box_unit  # the number stands left of "cm"


def _x_of(locator, text):
    """The left edge on screen of `text` inside the element's text (first occurrence)."""
    return locator.evaluate(
        """(el, text) => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(text);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + text.length);
                return range.getBoundingClientRect().x;
            }
            return null;
        }""",
        text,
    )


def test_the_buyer_in_arabic_reaches_orders_and_preferences_from_the_header(
    live_server, market, browser
):
    page = _phone(browser, "ar-MA")
    _log_in(page, live_server.url, "ar", market["buyer"].email)
    assert _header_height(page) <= 120
    entries = _menu(page)
    _shot(page, "buyer-menu")
    assert {"orders", "sell", "preferences", "logout"} <= set(entries)
    assert not {"seller", "moderation", "analytics", "admin"} & set(entries)
    assert _follow(page, "orders") == 200 and page.url.endswith("/ar/orders/")
    with page.expect_navigation():
        page.locator("main a[href*='/ar/orders/SK-']").first.click()
    _shot(page, "buyer-order")
    _scan(page)
    # Left-to-right data in the Arabic page reads left to right: "+33 … 78", "12 Rue…".
    address = page.locator("address.postal")
    assert _x_of(address, "+33") < _x_of(address, "78")
    assert _x_of(address, "12") < _x_of(address, "Rue")
    email = page.locator("main bdi[dir=ltr]", has_text="salma@example.com")
    assert email.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert _follow(page, "preferences") == 200 and "/ar/account/preferences/" in page.url
    # Add a piece from its page, then check out: the phone field is a left-to-right tel input.
    page.fill("#q", "طاجين")
    with page.expect_navigation():
        page.locator("form.search button").click()
    with page.expect_navigation():
        page.locator(".product-card a").first.click()
    with page.expect_navigation():
        page.locator(".add-to-cart button[type=submit]").click()
    page.locator(".cart-link").click()
    assert page.url.endswith("/ar/cart/")
    with page.expect_navigation():
        page.locator("a[href$='/ar/checkout/']").click()
    phone = page.locator("#id_phone")
    assert phone.get_attribute("type") == "tel"
    assert phone.get_attribute("autocomplete") == "shipping tel"
    assert page.locator("#id_email").get_attribute("autocomplete") == "shipping email"
    phone.fill("+33 6 12 34 56 78")
    assert phone.evaluate("el => getComputedStyle(el).direction") == "ltr"
    # The totals follow the country without pressing anything.
    total = page.locator("[data-testid=grand-total]").inner_text()
    page.select_option("#id_country", "US")
    page.wait_for_function(
        "before => document.querySelector('[data-testid=grand-total]').innerText !== before",
        arg=total,
    )
    _shot(page, "buyer-checkout")
    _scan(page)
    assert _follow(page, "sell") == 200 and page.url.endswith("/ar/sell/")
    assert _follow(page, "logout") == 200
    assert _menu(page)[:2] == ["login", "signup"]


def test_the_artisan_in_arabic_reaches_the_seller_area_from_the_header(
    live_server, market, browser
):
    page = _phone(browser, "ar-MA")
    _log_in(page, live_server.url, "ar", market["artisan"].email)
    entries = _menu(page)
    _shot(page, "artisan-menu")
    assert {"orders", "seller", "seller-products", "seller-orders"} <= set(entries)
    assert "moderation" not in entries and "seller-members" not in entries
    assert _follow(page, "seller") == 200 and page.url.endswith("/ar/sell/dashboard/")
    _shot(page, "artisan-dashboard")
    assert page.locator(".stat-grid").count() >= 2  # the money cards are there
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _follow(page, "seller-products") == 200 and page.url.endswith("/ar/sell/products/")
    assert _follow(page, "seller-orders") == 200 and page.url.endswith("/ar/sell/orders/")
    # No page of the seller area is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_cooperative_manager_in_arabic_reaches_the_members_page(live_server, market, browser):
    page = _phone(browser, "ar-MA")
    _log_in(page, live_server.url, "ar", market["manager"].email)
    entries = _menu(page)
    assert "seller-members" in entries and "seller" in entries
    assert _follow(page, "seller-members") == 200 and page.url.endswith("/ar/sell/members/")
    _shot(page, "manager-members")
    assert _follow(page, "seller") == 200 and page.url.endswith("/ar/sell/dashboard/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_moderator_in_french_reaches_moderation_analytics_and_audit(
    live_server, market, browser
):
    page = _phone(browser, "fr-FR")
    _log_in(page, live_server.url, "fr", market["moderator"].email)
    entries = _menu(page)
    assert {"moderation", "analytics", "audit", "preferences", "logout"} <= set(entries)
    assert not {"seller", "sell", "admin"} & set(entries)
    assert _follow(page, "moderation") == 200 and page.url.endswith("/fr/moderation/")
    _shot(page, "moderator-dashboard")
    assert _follow(page, "analytics") == 200 and "/fr/moderation/analytics/" in page.url
    assert _follow(page, "audit") == 200 and "/fr/moderation/audit/" in page.url


def test_the_administrator_in_english_reaches_the_admin_site(live_server, market, browser):
    page = _phone(browser, "en-GB")
    _log_in(page, live_server.url, "en", market["admin"].email)
    entries = _menu(page)
    assert {"moderation", "analytics", "audit", "admin"} <= set(entries)
    assert _follow(page, "moderation") == 200
    assert _follow(page, "admin") == 200 and page.url.endswith("/admin/")


SEARCH = {"ar": "طاجين", "en": "tagine"}
LOCALE = {"ar": "ar-MA", "en": "en-GB"}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_the_journeys_visit_has_no_serious_axe_violation(
    live_server, market, browser, lang
):
    """axe-core on each page of the journeys above, in Arabic and in English, on the phone.

    Every violation goes to test-artifacts/journeys/axe-<lang>.json; the test fails on the
    critical and serious ones, listing each element with its rule and page.
    """
    import json

    from marketplace.orders.models import Order

    axe_source()  # skips here when the npm package is absent
    base, found, seen = live_server.url, [], {}

    def check(page, state=""):
        violations = axe_run(page)
        seen[f"{len(seen) + 1:02} {page.url}{state}"] = violations
        found.extend(blocking(page, violations))

    def visit(page, path):
        page.goto(f"{base}/{lang}{path}")
        check(page)

    # A visitor: home, search, a category (the listing Lighthouse measures), a product, log-in,
    # and a piece that is not there (the site's own 404 page).
    page = _phone(browser, LOCALE[lang])
    visitor = (
        "/",
        f"/search/?q={SEARCH[lang]}",
        "/c/pottery/",
        "/p/tajine-safi/",
        "/account/login/",
        "/p/no-such-piece/",
    )
    for path in visitor:
        visit(page, path)
    # The buyer: the header's open menu, orders, an order, preferences, cart, checkout, selling.
    page = _phone(browser, LOCALE[lang])
    _log_in(page, base, lang, market["buyer"].email)
    page.locator(".account-menu > summary").click()
    check(page, " (menu open)")
    number = Order.objects.get(buyer=market["buyer"]).number
    for path in ("/orders/", f"/orders/{number}/", "/account/preferences/"):
        visit(page, path)
    page.goto(f"{base}/{lang}/p/tajine-safi/")
    with page.expect_navigation():
        page.locator(".add-to-cart button[type=submit]").click()
    for path in ("/cart/", "/checkout/", "/sell/"):
        visit(page, path)
    # The artisan's seller area; the cooperative manager's members and dashboard.
    page = _phone(browser, LOCALE[lang])
    _log_in(page, base, lang, market["artisan"].email)
    for path in ("/sell/dashboard/", "/sell/products/", "/sell/orders/"):
        visit(page, path)
    page = _phone(browser, LOCALE[lang])
    _log_in(page, base, lang, market["manager"].email)
    for path in ("/sell/members/", "/sell/dashboard/"):
        visit(page, path)
    # The moderator's pages; the administrator's admin site (English-only by design).
    page = _phone(browser, LOCALE[lang])
    _log_in(page, base, lang, market["moderator"].email)
    for path in ("/moderation/", "/moderation/analytics/", "/moderation/audit/"):
        visit(page, path)
    page = _phone(browser, LOCALE[lang])
    _log_in(page, base, lang, market["admin"].email)
    page.goto(f"{base}/admin/")
    check(page)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{lang}.json").write_text(
        json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert len(seen) == 22
    assert not found, f"{len(found)} critical or serious axe violations:\n" + "\n".join(found)

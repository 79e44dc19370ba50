"""A visitor in Spanish on a phone: two hearts before having an account, kept after signing
up; "tell me when it is back" on a sold-out piece; the seller's restock sends the e-mail
(read from the outbox) whose link leads back to the piece. Recently viewed pieces show on the
home page. Screenshots go to test-artifacts/favourites/.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "favourites"
PHONE = {"width": 360, "height": 760}
PASSWORD = "tajine-de-safi-42"


@pytest.fixture
def floor():
    from tests.factories import ProductFactory, ShopFactory, UserFactory, VariantFactory

    owner = UserFactory(email="potter@example.ma")
    shop = ShopFactory(name="Atelier Fakhar Safi", artisan__user=owner)
    pieces = [
        VariantFactory(
            product=ProductFactory(
                shop=shop, title_es=title, title_en=title, title_fr=title, title_ar=title
            ),
            stock=stock,
        )
        for title, stock in (
            ("Tajín de barro vidriado", 3),
            ("Plato pintado a mano", 2),
            ("Cuenco azul de Safi", 0),
        )
    ]
    return owner, pieces


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _path(url: str) -> str:
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_favourites_kept_through_sign_up_and_back_in_stock_email(live_server, browser, floor):
    from marketplace.accounts.models import User
    from marketplace.catalogue.services import variant_update
    from marketplace.core.models import OutboxEmail

    owner, (tagine, plate, bowl) = floor
    base = live_server.url
    page = browser.new_page(viewport=PHONE, locale="es-ES")

    # Two hearts on the listing, logged out: sent in place, the hearts turn on.
    page.goto(f"{base}/es/products/")
    for variant in (tagine, plate):
        heart = page.locator(f'form.heart button[value="{variant.product.pk}"]')
        heart.click()
        page.wait_for_function(
            "id => document.querySelector(`form.heart button[value='${id}']`)"
            ".getAttribute('aria-pressed') === 'true'",
            arg=str(variant.product.pk),
        )
    _shot(page, "1-listing-hearts")
    page.reload()  # the page is the shared one; the hearts come back from /_personal/
    page.wait_for_function(
        "() => document.querySelectorAll('form.heart button[aria-pressed=true]').length === 2"
    )

    # Sign up; the confirmation link from the outbox, opened in the same browser.
    page.goto(f"{base}/es/account/signup/")
    page.fill('input[name="display_name"]', "Lucía")
    page.fill('input[name="email"]', "lucia@example.es")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form:has(input[name="display_name"]) button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/signup/sent/"))
    verify = OutboxEmail.objects.get(to_email="lucia@example.es", kind="account_verify")
    page.goto(base + _path(re.search(r"https?://\S+", verify.body_text).group(0)))
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form:has(input[name="password"]) button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/es/$"))

    page.goto(f"{base}/es/favourites/")
    kept = page.get_by_test_id("favourite-pieces")
    assert kept.get_by_text("Tajín de barro vidriado").is_visible()
    assert kept.get_by_text("Plato pintado a mano").is_visible()
    _shot(page, "2-favourites-after-sign-up")
    user = User.objects.get(email="lucia@example.es")
    assert set(user.favourites.values_list("product_id", flat=True)) == {
        tagine.product_id,
        plate.product_id,
    }

    # "Tell me when it is back" on the sold-out bowl.
    page.goto(f"{base}/es/p/{bowl.product.slug}/")
    notify = page.get_by_test_id("notify-me")
    notify.click()
    page.wait_for_function("() => document.querySelector('[data-testid=notify-me]').disabled")
    _shot(page, "3-alert-asked")
    assert user.stock_alerts.filter(variant=bowl, notified_at__isnull=True).exists()

    # The seller restocks: one e-mail in Spanish, whose link leads back to the piece.
    variant_update(variant_id=bowl.pk, actor=owner, options=bowl.options, price=bowl.price, stock=4)
    mail = OutboxEmail.objects.get(to_email="lucia@example.es", kind="favourites_back_in_stock")
    assert mail.language == "es" and "Cuenco azul de Safi" in mail.subject
    link = re.search(r"https?://\S+/es/p/\S+/", mail.body_text).group(0)
    page.goto(base + _path(link))
    assert page.locator("h1").inner_text() == "Cuenco azul de Safi"
    assert page.locator('form.add-to-cart button[type="submit"]').is_visible()

    # Recently viewed, on the home page of this browser.
    page.goto(f"{base}/es/")
    recent = page.get_by_test_id("recently-viewed")
    recent.get_by_text("Cuenco azul de Safi").wait_for()
    _shot(page, "4-home-recently-viewed")
    page.close()

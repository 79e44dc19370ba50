"""Product, shop and artisan pages: visibility, prices, languages, SEO."""

import re
from decimal import Decimal

import pytest
from django.conf import settings

from artisans.models import Membership
from marketplace.catalogue.models import ProductImage
from marketplace.core.services import exchange_rate_set
from tests.factories import (
    ArtisanFactory,
    CategoryFactory,
    MaterialFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


# --- Visibility ---------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["draft", "pending_review", "rejected", "archived"])
def test_unpublished_product_is_404_to_the_public(client, status):
    product = VariantFactory(product__status=status).product
    assert client.get(f"/en/p/{product.slug}/").status_code == 404


@pytest.mark.parametrize("shop_status", ["draft", "pending", "rejected", "suspended"])
def test_product_of_unverified_shop_is_404_everywhere(client, shop_status):
    product = VariantFactory(product__shop__status=shop_status).product
    assert client.get(f"/en/p/{product.slug}/").status_code == 404
    assert client.get(f"/en/shops/{product.shop.slug}/").status_code == 404
    assert product.slug not in client.get("/en/products/").content.decode()
    assert product.slug not in client.get("/en/sitemap.xml".replace("/en", "")).content.decode()


def test_owner_and_staff_may_preview_a_draft(client):
    owner = UserFactory()
    product = VariantFactory(product__status="draft", product__shop__artisan__user=owner).product
    client.force_login(owner)
    response = client.get(f"/en/p/{product.slug}/")
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/en/p/{product.slug}/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/en/p/{product.slug}/").status_code == 404


def test_cooperative_manager_may_preview_the_pending_shop(client):
    manager = UserFactory()
    shop = ShopFactory(coop=True, status="pending")
    artisan = ArtisanFactory(user=manager)
    Membership.objects.create(cooperative=shop.cooperative, artisan=artisan, role="manager")
    assert client.get(f"/en/shops/{shop.slug}/").status_code == 404
    client.force_login(manager)
    assert client.get(f"/en/shops/{shop.slug}/").status_code == 200


# --- Prices -------------------------------------------------------------------------------------
def test_product_price_converts_with_the_stored_rate_and_rounds_once(client):
    exchange_rate_set(currency="USD", rate=Decimal("0.1085"))
    exchange_rate_set(currency="EUR", rate=Decimal("0.0925"))
    product = VariantFactory(price=Decimal("450.00")).product
    url = f"/en/p/{product.slug}/"
    assert "450.00\xa0MAD" in client.get(url).content.decode()
    client.post("/en/currency/", {"currency": "USD", "next": url})
    body = client.get(url).content.decode()
    assert "$48.83" in body  # 48.825 rounds half up
    assert "(450.00\xa0MAD)" in body  # MAD shown too
    client.post("/en/currency/", {"currency": "EUR", "next": url})
    assert "41.63\xa0€" in client.get(url).content.decode()  # 41.625 → 41.63


def test_a_changed_rate_changes_the_price(client, django_capture_on_commit_callbacks, settings):
    # Inside the test's transaction nothing commits, so the Redis page cache (which drops pages
    # after a committed write) would keep the first page; this test is about the rate itself.
    settings.PAGE_CACHE_ENABLED = False
    exchange_rate_set(currency="USD", rate=Decimal("0.1000"))
    product = VariantFactory(price=Decimal("100.00")).product
    client.post("/en/currency/", {"currency": "USD", "next": "/en/"})
    assert "$10.00" in client.get(f"/en/p/{product.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached rates are dropped
        exchange_rate_set(currency="USD", rate=Decimal("0.1100"))
    assert "$11.00" in client.get(f"/en/p/{product.slug}/").content.decode()


def test_prices_are_formatted_for_the_locale(client):
    product = VariantFactory(price=Decimal("1250.00")).product
    assert "1\u202f250,00\xa0MAD" in client.get(f"/fr/p/{product.slug}/").content.decode() or (
        "1\xa0250,00\xa0MAD" in client.get(f"/fr/p/{product.slug}/").content.decode()
    )
    assert "1,250.00\xa0MAD" in client.get(f"/en/p/{product.slug}/").content.decode()


# --- Product page -------------------------------------------------------------------------------
def test_product_page_shows_what_a_buyer_needs(client):
    shop = ShopFactory(coop=True, name="Tifawin", story="Women weavers of Azilal.")
    maker = ArtisanFactory(name="Fatima Ait")
    Membership.objects.create(cooperative=shop.cooperative, artisan=maker)
    product = ProductFactory(
        shop=shop,
        maker=maker,
        technique="Hand-knotted",
        materials=[MaterialFactory(title_en="Wool")],
        made_to_order=True,
        lead_time_days=21,
    )
    small = VariantFactory(product=product, price=Decimal("900.00"), stock=1, options={"size": "S"})
    VariantFactory(product=product, price=Decimal("1500.00"), stock=0, options={"size": "L"})
    ProductImage.objects.create(
        product=product,
        original="products/originals/x.jpg",
        renditions={
            "thumb": {"jpeg": "r/x-t.jpg", "webp": "r/x-t.webp", "w": 160, "h": 160},
            "large": {"jpeg": "r/x-l.jpg", "webp": "r/x-l.webp", "w": 1200, "h": 1200},
        },
        alt_text="A blue rug on a terrace",
        public=True,  # the product is published: its renditions are public media
    )
    related = VariantFactory(product__category=product.category).product
    body = client.get(f"/en/p/{product.slug}/").content.decode()
    assert "Made to order: ships in 3 weeks" in body
    assert "Only 1 left" in body
    assert "Wool" in body and "Hand-knotted" in body
    assert "Fatima Ait" in body and "member of" in body
    assert "Women weavers of Azilal." in body
    assert 'srcset="/media/r/x-t.webp 160w, /media/r/x-l.webp 1200w"' in body
    assert 'alt="A blue rug on a terrace"' in body
    assert related.slug in body
    # The add-to-cart form posts to the cart with the variant, quantity and way back.
    assert 'action="/en/cart/add/"' in body
    assert f'name="variant" value="{small.pk}"' in body
    assert 'name="quantity"' in body and 'name="next"' in body
    assert "csrfmiddlewaretoken" in body


def test_product_text_falls_back_with_a_note(client):
    product = VariantFactory(
        product__title_en="",
        product__title_fr="Tajine de Safi",
        product__description_en="",
        product__description_fr="Pièce faite main.",
    ).product
    body = client.get(f"/en/p/{product.slug}/").content.decode()
    assert "Tajine de Safi" in body
    assert "Shown in French" in body
    assert 'lang="fr"' in body
    body = client.get(f"/fr/p/{product.slug}/").content.decode()
    assert "Shown in" not in body


def test_product_page_seo(client):
    product = VariantFactory(
        product__title_en="Blue tagine", product__description_en="Lovely."
    ).product
    body = client.get(f"/en/p/{product.slug}/").content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/en/p/{product.slug}/">' in body
    for lang in ("ar", "fr", "en", "es"):
        assert f'hreflang="{lang}" href="http://127.0.0.1:8000/{lang}/p/{product.slug}/"' in body
    assert '<meta property="og:type" content="product">' in body
    assert '<meta property="og:title" content="Blue tagine">' in body
    assert '<meta name="description" content="Lovely.">' in body


def test_sitemap_lists_public_pages_in_every_language(client):
    public = VariantFactory().product
    draft = VariantFactory(product__status="draft").product
    body = client.get("/sitemap.xml").content.decode()
    assert f"/ar/p/{public.slug}/" in body and f"/es/p/{public.slug}/" in body
    assert f"/en/shops/{public.shop.slug}/" in body
    assert draft.slug not in body


def test_robots_points_to_the_sitemap(client):
    assert "sitemap.xml" in client.get("/robots.txt").content.decode()


# --- Shop and artisan pages ---------------------------------------------------------------------
def test_cooperative_shop_page_shows_story_members_and_pieces(client):
    shop = ShopFactory(coop=True, name="Tifawin", story="We weave in Azilal.")
    for name in ("Aicha", "Khadija"):
        Membership.objects.create(cooperative=shop.cooperative, artisan=ArtisanFactory(name=name))
    piece = VariantFactory(product__shop=shop).product
    other = VariantFactory().product
    response = client.get(f"/en/shops/{shop.slug}/")
    body = response.content.decode()
    assert "We weave in Azilal." in body and "Aicha" in body and "Khadija" in body
    assert [p.slug for p in response.context["products"]] == [piece.slug]
    assert other.slug not in body
    # The cooperative's address leads to its shop.
    response = client.get(f"/en/cooperatives/{shop.cooperative.slug}/")
    assert response.status_code == 301 and response["Location"] == f"/en/shops/{shop.slug}/"


def test_artisan_page_shows_their_pieces(client):
    shop = ShopFactory(coop=True)
    maker = ArtisanFactory(name="Aicha", story="Weaving since 1990.")
    Membership.objects.create(cooperative=shop.cooperative, artisan=maker)
    mine = VariantFactory(product__shop=shop, product__maker=maker).product
    body = client.get(f"/en/artisans/{maker.slug}/").content.decode()
    assert "Weaving since 1990." in body and mine.slug in body
    lonely = ArtisanFactory()  # no shop that sells: not public
    assert client.get(f"/en/artisans/{lonely.slug}/").status_code == 404


def test_arabic_pages_are_right_to_left(client):
    product = VariantFactory(product__title_ar="طاجين آسفي").product
    for url in (f"/ar/p/{product.slug}/", "/ar/products/", f"/ar/shops/{product.shop.slug}/"):
        body = client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl">' in body


def test_category_page_loads_only_the_first_screen_photos_at_once(client):
    """On a phone the first two rows of cards are in the first screen: their photos are not
    lazy (the first is fetched first); the others wait until they near the screen."""
    category = CategoryFactory()
    for n in range(7):
        product = VariantFactory(product__category=category).product
        ProductImage.objects.create(product=product, original=f"products/originals/{n}.jpg")
    body = client.get(f"/en/c/{category.slug}/").content.decode()
    grid = body.split('class="product-grid"', 1)[1].split("</section>", 1)[0]
    photos = re.findall(r"<img [^>]*>", grid)
    assert len(photos) == 7
    assert 'fetchpriority="high"' in photos[0] and 'loading="lazy"' not in photos[0]
    assert all('loading="lazy"' not in img and "fetchpriority" not in img for img in photos[1:4])
    assert all('loading="lazy"' in img and "fetchpriority" not in img for img in photos[4:])
    assert all('width="480" height="480"' in img for img in photos)


def test_listing_filters_come_folded_so_no_script_moves_the_pieces(client):
    """Sent open, the filters were folded by listing.js on phones after the first paint, which
    moved every card (layout shift 0.5); from 900 px the style sheet shows them unfolded."""
    category = CategoryFactory()
    VariantFactory(product__category=category)
    body = client.get(f"/en/c/{category.slug}/").content.decode()
    assert '<details class="filters">' in body
    css = (settings.BASE_DIR / "static" / "core" / "souk.css").read_text()
    assert re.search(
        r"@media \(min-width: 900px\) \{[^@]*details\.filters::details-content "
        r"\{ content-visibility: visible; \}",
        css,
    )

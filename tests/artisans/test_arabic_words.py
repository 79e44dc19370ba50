"""Arabic seller pages speak Arabic: category names, best sellers, the checklist before review."""

import pytest

from tests.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories.orders import OrderLineFactory, ShopOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_owner(owner, client):
    owner.language = "ar"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    return owner


def test_the_new_product_form_names_categories_in_arabic(arabic_owner, client):
    CategoryFactory(
        slug="pottery", title_ar="الفخار والخزف", title_en="Pottery", title_fr="Poterie"
    )
    page = client.get("/ar/sell/products/new/").content.decode()
    assert "الفخار والخزف" in page and "Pottery" not in page


def test_the_dashboard_names_best_sellers_in_the_sellers_language(arabic_owner, client):
    product = ProductFactory(
        shop=arabic_owner.shop, title_ar="صحن آسفي", title_en="Plate from Safi", title_fr="Plat"
    )
    variant = VariantFactory(product=product)
    # Bought by an English-speaking buyer: the line keeps the English title.
    OrderLineFactory(
        shop_order=ShopOrderFactory(shop=arabic_owner.shop, status="paid"),
        variant=variant,
        product=product,
        title="Plate from Safi",
        quantity=2,
    )
    page = client.get("/ar/sell/dashboard/").content.decode()
    assert "صحن آسفي" in page and "Plate from Safi" not in page


def test_the_checklist_before_review_is_in_arabic(arabic_owner, client):
    product = ProductFactory(shop=arabic_owner.shop, status="draft", title_ar="طاجين")
    product.images.all().delete()
    product.variants.all().delete()
    page = client.get(f"/ar/sell/products/{product.pk}/").content.decode()
    assert "صورة واحدة على الأقل" in page and "نوع واحد على الأقل بسعره" in page
    assert "at least one photo" not in page


def test_a_piece_titled_only_in_arabic_gets_an_address_of_its_own(owner):
    from marketplace.catalogue.services import product_create

    category = CategoryFactory()
    first = product_create(
        shop_id=owner.shop.pk, actor=owner, category_id=category.pk, title_ar="طاجين فخار آسفي"
    )
    second = product_create(
        shop_id=owner.shop.pk, actor=owner, category_id=category.pk, title_ar="طَاجِين فخار آسفي"
    )
    assert first.slug == "tajin-fkhar-asfi"
    assert second.slug == "tajin-fkhar-asfi-2"  # the same words with tashkeel
    assert owner.shop.slug not in (first.slug, second.slug)

"""Product cards rendered in one pass match includes/product_card.html byte for byte."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from marketplace.catalogue.models import Product, ProductImage
from marketplace.catalogue.selectors import product_cards
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _products():
    plain = ProductFactory(title_en='Tagine <b>"big"</b> & co', price=Decimal("1250.50"))
    ProductFactory(made_to_order=True, rating_avg=Decimal("4.25"), rating_count=1234)
    ProductFactory(in_stock=False, shop__name="Atelier <Fès> & fils")
    ready = ProductFactory(title_en="", title_fr="Théière", rating_avg=Decimal("3"), rating_count=2)
    ProductImage.objects.create(
        product=ready,
        original="products/originals/a.jpg",
        renditions={
            "card": {"w": 480, "jpeg": "r/a-480.jpg", "webp": "r/a-480.webp"},
            "thumb": {"w": 160, "jpeg": "r/a-160.jpg", "webp": "r/a-160.webp"},
        },
        alt_text="",
        position=0,
    )
    ProductImage.objects.create(product=ready, original="products/originals/b.jpg", position=1)
    ProductImage.objects.create(
        product=plain, original="products/originals/c.jpg", alt_text='Pot "rouge" <1>'
    )
    return list(product_cards(Product.objects.order_by("pk")))


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
@pytest.mark.parametrize("currency", ["MAD", "EUR", "USD"])
def test_product_cards_tag_renders_the_card_template(language, currency):
    products = _products()
    request = RequestFactory().get("/")
    request.currency = currency
    with translation.override(language):
        reference = get_template("includes/product_card.html").template
        expected = "".join(
            reference.render(Context({"product": p, "request": request, "LANGUAGE_CODE": language}))
            for p in products
        )
        rendered = Template("{% load catalogue_tags %}{% product_cards products %}").render(
            Context({"products": products, "request": request, "LANGUAGE_CODE": language})
        )
    assert "card-rating" in rendered and "<picture>" in rendered and "&lt;Fès&gt;" in rendered
    assert rendered == expected

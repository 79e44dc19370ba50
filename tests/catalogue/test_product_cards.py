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


def test_a_two_x_phone_gets_a_card_photo_near_its_size(tmp_path):
    """A card shows 156-182 px wide on a phone: at 2x it needs ~320 px, and the srcset must
    offer that rather than the 480-px card rendition (twice the bytes)."""
    import io

    from django.core.files.storage import FileSystemStorage

    from demo.images import draw_product_image
    from marketplace.catalogue.images import build_renditions

    storage = FileSystemStorage(location=tmp_path)
    data = draw_product_image("pottery", "fakhar-safi", seed=1)
    renditions = build_renditions(io.BytesIO(data), storage=storage)
    assert list(renditions) == ["thumb", "small", "card", "large"]  # narrowest first
    assert [r["w"] for r in renditions.values()][:3] == [160, 320, 480]
    small, card = renditions["small"], renditions["card"]
    assert storage.size(small["webp"]) < storage.size(card["webp"]) * 0.7
    image = ProductImage(product=ProductFactory(), renditions=renditions, public=True)
    assert f"/media/{small['webp']} 320w" in image.srcset("webp")

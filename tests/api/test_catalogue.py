"""Catalogue endpoints: visibility, money format, pagination limits, variants' stock."""

from decimal import Decimal

import pytest
from django.urls import reverse

from artisans.models import Shop
from marketplace.catalogue.models import Product
from tests.factories import ProductFactory, VariantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_products_list_shows_only_published_products_of_verified_shops(world):
    ProductFactory(shop=world.shop, status=Product.Status.DRAFT, slug="draft-piece")
    ProductFactory(shop=world.shop, status=Product.Status.PENDING_REVIEW, slug="pending-piece")
    ProductFactory(shop=world.shop, status=Product.Status.REJECTED, slug="rejected-piece")
    world.other_shop.status = Shop.Status.SUSPENDED
    world.other_shop.save()

    response = client_for().get(reverse("api:products"))

    assert response.status_code == 200
    slugs = {p["slug"] for p in response.json()["results"]}
    assert slugs == {world.product.slug}
    assert response.json()["count"] == 1
    for hidden in ("draft-piece", "pending-piece", "rejected-piece", world.other_product.slug):
        detail = client_for().get(reverse("api:product_detail", args=[hidden]))
        assert detail.status_code == 404
        assert detail.json()["code"] == "not_found"


def test_money_is_a_string_amount_with_currency_never_a_float(world):
    VariantFactory(product=world.product, price=Decimal("1234.50"))
    data = client_for().get(reverse("api:product_detail", args=[world.product.slug])).json()
    assert data["price"] == {"amount": "250.00", "currency": "MAD"}
    prices = {v["sku"]: v["price"] for v in data["variants"]}
    assert {"amount": "1234.50", "currency": "MAD"} in prices.values()
    usd = client_for().get(
        reverse("api:product_detail", args=[world.product.slug]), {"currency": "USD"}
    )
    assert usd.json()["price"] == {"amount": "25.00", "currency": "USD"}
    raw = usd.content.decode()
    assert '"amount":"25.00"' in raw.replace(" ", "")


def test_list_pagination_has_a_maximum_page_size(world):
    for _ in range(5):
        VariantFactory(product=ProductFactory(shop=world.shop))
    first = client_for().get(reverse("api:products"), {"page_size": 2})
    assert first.status_code == 200
    body = first.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == 7 and len(body["results"]) == 2
    assert body["previous"] is None and "page=2" in body["next"]

    too_big = client_for().get(reverse("api:products"), {"page_size": 101})
    assert too_big.status_code == 400
    assert too_big.json()["fields"]["page_size"]

    beyond = client_for().get(reverse("api:products"), {"page": 99})
    assert beyond.status_code == 404

    shops = client_for().get(reverse("api:shops"), {"page_size": 1000})
    assert shops.status_code == 200
    assert len(shops.json()["results"]) == 2  # clamped to 100, only 2 exist


def test_stock_is_shown_to_owner_and_staff_only(world):
    url = reverse("api:product_detail", args=[world.product.slug])
    for who, sees in [
        (None, False),
        (world.buyer, False),
        (world.other_seller, False),
        (world.seller, True),
        (world.moderator, True),
    ]:
        variants = client_for(who).get(url).json()["variants"]
        assert ("stock" in variants[0]) is sees, who
        assert variants[0]["in_stock"] is True


def test_owner_can_preview_own_draft_but_others_get_404(world):
    draft = ProductFactory(shop=world.shop, status=Product.Status.DRAFT)
    url = reverse("api:product_detail", args=[draft.slug])
    assert client_for(world.seller).get(url).status_code == 200
    assert client_for(world.other_seller).get(url).status_code == 404
    assert client_for(world.buyer).get(url).status_code == 404


def test_filters_and_ordering(world):
    cheap = VariantFactory(product=ProductFactory(shop=world.shop), price=Decimal("50.00"))
    dear = VariantFactory(product=ProductFactory(shop=world.shop), price=Decimal("900.00"))
    url = reverse("api:products")
    got = client_for().get(url, {"ordering": "price"}).json()["results"]
    assert got[0]["slug"] == cheap.product.slug
    got = client_for().get(url, {"ordering": "-price"}).json()["results"]
    assert got[0]["slug"] == dear.product.slug
    got = client_for().get(url, {"min_price": "100", "max_price": "500"}).json()["results"]
    assert {p["slug"] for p in got} == {world.product.slug, world.other_product.slug}
    got = client_for().get(url, {"shop": world.other_shop.slug}).json()["results"]
    assert [p["slug"] for p in got] == [world.other_product.slug]
    bad = client_for().get(url, {"min_price": "abc"})
    assert bad.status_code == 400 and "min_price" in bad.json()["fields"]


def test_search_by_query(world):
    hit = ProductFactory(shop=world.shop, title_fr="Théière en argent", title_en="Silver teapot")
    VariantFactory(product=hit)
    from marketplace.catalogue.services import product_search_index_update

    product_search_index_update(product_id=hit.pk)
    got = client_for().get(reverse("api:products"), {"q": "theiere"}).json()
    assert [p["slug"] for p in got["results"]] == [hit.slug]


def test_photos_come_with_absolute_rendition_urls(world):
    from marketplace.catalogue.models import ProductImage

    image = ProductImage.objects.create(
        product=world.product,
        original="products/originals/x.jpg",
        renditions={"card": {"jpeg": "products/r/x-card.jpg", "webp": "products/r/x-card.webp"}},
        public=True,  # a published product's renditions are public media
    )
    data = client_for().get(reverse("api:product_detail", args=[world.product.slug])).json()
    urls = data["images"][0]["urls"]
    assert urls["card"] == "http://testserver/media/products/r/x-card.jpg"
    assert urls["card_webp"] == "http://testserver/media/products/r/x-card.webp"
    # Not ready yet: the original, kept on the private storage, through the checked view.
    assert urls["large"] == f"http://testserver/photos/{image.pk}/original"
    assert data["image"]["urls"]["card"] == urls["card"]

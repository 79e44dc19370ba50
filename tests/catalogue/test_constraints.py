"""The database itself refuses impossible stock, prices and duplicate SKUs."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from artisans.models import Shop
from marketplace.catalogue.models import Variant
from tests.factories import ArtisanFactory, CooperativeFactory, ShopFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_negative_stock_is_refused_by_the_database():
    variant = VariantFactory(stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(stock=F("stock") - 2)
    variant.refresh_from_db()
    assert variant.stock == 1


@pytest.mark.parametrize("price", [Decimal("0"), Decimal("-5.00")])
def test_non_positive_price_is_refused_by_the_database(price):
    variant = VariantFactory(price=Decimal("100.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(price=price)
    variant.refresh_from_db()
    assert variant.price == Decimal("100.00")


def test_sku_is_unique_within_a_shop_but_not_across_shops():
    first = VariantFactory(sku="TAGINE-1")
    VariantFactory(sku="TAGINE-1")  # another shop: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        VariantFactory(sku="TAGINE-1", product=first.product)
    assert Variant.objects.filter(sku="TAGINE-1").count() == 2


def test_a_shop_has_exactly_one_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        ShopFactory(artisan=ArtisanFactory(), cooperative=CooperativeFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        ShopFactory(artisan=None)
    assert Shop.objects.count() == 0


def test_product_slugs_are_unique():
    variant = VariantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VariantFactory(product__slug=variant.product.slug)

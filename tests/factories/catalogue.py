from decimal import Decimal

import factory
from django.utils import timezone

from marketplace.catalogue.models import Category, Material, Product, Variant
from marketplace.catalogue.services import product_refresh_summary, product_search_index_update

from .artisans import ShopFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    title_ar = factory.Sequence(lambda n: f"فئة {n}")
    title_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    title_en = factory.Sequence(lambda n: f"Category {n}")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    slug = factory.Sequence(lambda n: f"material-{n}")
    title_ar = "طين"
    title_fr = "Argile"
    title_en = "Clay"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    category = factory.SubFactory(CategoryFactory)
    slug = factory.Sequence(lambda n: f"product-{n}")
    title_ar = factory.Sequence(lambda n: f"طاجين {n}")
    title_fr = factory.Sequence(lambda n: f"Tajine {n}")
    title_en = factory.Sequence(lambda n: f"Tagine {n}")
    description_fr = "Pièce faite main."
    region = "marrakech-safi"
    status = Product.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def materials(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.materials.set(extracted)

    @factory.post_generation
    def _search_index(obj, create, extracted, **kwargs):
        if create:
            product_search_index_update(product_id=obj.pk)
            obj.refresh_from_db(fields=["search_text"])


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    shop = factory.SelfAttribute("product.shop")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("250.00")
    stock = 5

    @factory.post_generation
    def _summary(obj, create, extracted, **kwargs):
        if create:
            product_refresh_summary(product_id=obj.product_id)

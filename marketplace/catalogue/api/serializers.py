"""Catalogue API serializers: categories, photos, variants, product cards and pages, facets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from artisans.models import Region
from marketplace.core.api import MoneySerializer, Pagination, QuerySerializer, absolute_url
from marketplace.core.money import Money, convert_from_mad

from .. import selectors
from ..models import Category, Product, ProductImage, Variant


def _price(context, amount_mad) -> dict:
    currency = context.get("currency", settings.BASE_CURRENCY)
    rate = context.get("rates", {}).get(currency, Decimal("1"))
    return Money(convert_from_mad(Decimal(amount_mad), currency, rate), currency).as_dict()


def can_see_stock(user, shop) -> bool:
    """Only the shop's own people and staff see exact stock."""
    return bool(getattr(user, "is_staff", False)) or selectors.user_manages_shop(user, shop)


class CategorySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["slug", "title", "parent", "position"]
        read_only_fields = fields


class ImageUrlsSerializer(serializers.Serializer):
    thumb = serializers.CharField()
    card = serializers.CharField()
    large = serializers.CharField()
    thumb_webp = serializers.CharField()
    card_webp = serializers.CharField()
    large_webp = serializers.CharField()


class ProductImageSerializer(serializers.ModelSerializer):
    """A photo with its rendition URLs (the original until renditions are ready)."""

    urls = serializers.SerializerMethodField()
    ready = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProductImage
        fields = ["id", "alt_text", "position", "width", "height", "ready", "urls"]
        read_only_fields = fields

    @extend_schema_field(ImageUrlsSerializer)
    def get_urls(self, image: ProductImage) -> dict:
        urls = {}
        for size in ("thumb", "card", "large"):
            urls[size] = absolute_url(self.context, image.url(size, "jpeg"))
            urls[f"{size}_webp"] = absolute_url(self.context, image.url(size, "webp"))
        return urls


class ShopRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class MakerSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    craft = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)


class RatingSerializer(serializers.Serializer):
    average = serializers.CharField(read_only=True, help_text="Decimal string, 0.00 to 5.00.")
    count = serializers.IntegerField(read_only=True)


class VariantSerializer(serializers.ModelSerializer):
    """A buyable variant; `stock` is answered only to the shop's people and staff."""

    price = serializers.SerializerMethodField()
    in_stock = serializers.SerializerMethodField()
    stock = serializers.IntegerField(
        read_only=True, required=False, help_text="Only for the shop's people and staff."
    )

    class Meta:
        model = Variant
        fields = ["id", "sku", "options", "price", "in_stock", "stock"]
        read_only_fields = fields
        optional_fields = ["stock"]

    @extend_schema_field(MoneySerializer)
    def get_price(self, variant) -> dict:
        return _price(self.context, variant.price)

    def get_in_stock(self, variant) -> bool:
        return variant.stock > 0 or variant.product.made_to_order

    def to_representation(self, variant):
        data = super().to_representation(variant)
        if not self.context.get("show_stock"):
            data.pop("stock", None)
        return data


class ProductCardSerializer(serializers.ModelSerializer):
    """A product in a list."""

    title = serializers.CharField(read_only=True)
    price = serializers.SerializerMethodField()
    shop = ShopRefSerializer(read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    rating = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "slug",
            "title",
            "price",
            "shop",
            "category",
            "region",
            "in_stock",
            "made_to_order",
            "lead_time_days",
            "rating",
            "image",
        ]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_price(self, product) -> dict:
        return _price(self.context, product.price)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, product) -> dict:
        return {"average": f"{product.rating_avg:.2f}", "count": product.rating_count}

    @extend_schema_field(ProductImageSerializer(allow_null=True))
    def get_image(self, product):
        images = list(product.images.all())
        return ProductImageSerializer(images[0], context=self.context).data if images else None


class MaterialSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class ProductDetailSerializer(ProductCardSerializer):
    """A product page: text, variants with stock state, photos, maker and shop."""

    description = serializers.CharField(read_only=True)
    title_language = serializers.CharField(read_only=True)
    images = ProductImageSerializer(many=True, read_only=True)
    variants = serializers.SerializerMethodField()
    materials = MaterialSerializer(many=True, read_only=True)
    maker = MakerSerializer(read_only=True, allow_null=True)
    stock_state = serializers.SerializerMethodField()

    class Meta(ProductCardSerializer.Meta):
        fields = [
            *ProductCardSerializer.Meta.fields,
            "status",
            "title_language",
            "description",
            "technique",
            "dimensions",
            "weight_grams",
            "materials",
            "maker",
            "stock_state",
            "images",
            "variants",
        ]
        read_only_fields = fields

    @extend_schema_field(VariantSerializer(many=True))
    def get_variants(self, product):
        variants = [v for v in product.variants.all() if v.is_active]
        return VariantSerializer(variants, many=True, context=self.context).data

    @extend_schema_field(
        serializers.ChoiceField(choices=["in_stock", "low_stock", "made_to_order", "sold_out"])
    )
    def get_stock_state(self, product) -> str:
        if product.made_to_order:
            return "made_to_order"
        stock = sum(v.stock for v in product.variants.all() if v.is_active)
        if stock <= 0:
            return "sold_out"
        return "low_stock" if stock <= 2 else "in_stock"


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class PriceBucketSerializer(serializers.Serializer):
    min = serializers.CharField(allow_null=True)
    max = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    category = FacetValueSerializer(many=True)
    region = FacetValueSerializer(many=True)
    material = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    made_to_order = serializers.IntegerField()
    in_stock = serializers.IntegerField()
    price = PriceBucketSerializer(many=True)
    currency = serializers.CharField()


class ProductPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductCardSerializer(many=True)
    facets = FacetsSerializer()


ORDERINGS = {
    "relevance": "relevance",
    "newest": "newest",
    "price": "price_asc",
    "-price": "price_desc",
    "rating": "rating",
}


class ProductQuerySerializer(QuerySerializer):
    """The listing's query parameters."""

    q = serializers.CharField(required=False, max_length=200, allow_blank=True)
    category = serializers.SlugField(required=False, max_length=80)
    shop = serializers.SlugField(required=False, max_length=140)
    region = serializers.ListField(
        child=serializers.ChoiceField(choices=Region.values), required=False, max_length=12
    )
    material = serializers.ListField(
        child=serializers.SlugField(max_length=60), required=False, max_length=20
    )
    kind = serializers.ChoiceField(choices=["artisan", "cooperative"], required=False)
    # Pieces carrying this verified craft label (the filter provenance adds through hooks.py).
    label = serializers.SlugField(required=False, max_length=80)
    made_to_order = serializers.BooleanField(required=False, default=False)
    in_stock = serializers.BooleanField(required=False, default=False)
    min_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    max_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False)
    page = serializers.IntegerField(min_value=1, max_value=10_000, required=False, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=Pagination.max_page_size, required=False, default=24
    )

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max_price": ["Must not be below min_price."]})
        return attrs

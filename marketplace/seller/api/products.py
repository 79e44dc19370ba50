"""API for sellers: own products (CRUD, variants); the access check is in access.py.

Every object is looked up inside the caller's shop, so another shop's object is a 404; the
caller's role must allow the action (products, orders, payout), else 404 as well. Writes go
through the same services as the seller pages; staff fields (shop, status, commission,
featured) are never writable here.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Artisan, Region
from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.api import ProductImageSerializer
from marketplace.catalogue.models import Category, Material, Product, Variant
from marketplace.core.api import MoneySerializer, SlugRelatedField, error_responses
from marketplace.core.api_schema import NO_NUL
from marketplace.shipping.api import CustomsOutSerializer, CustomsSerializer, customs_data
from marketplace.shipping.models import CustomsFields
from marketplace.shipping.services import product_customs_set, variant_customs_set

from .. import selectors
from .access import IsSeller, _mad, own_product, seller_shop

# --- Products ------------------------------------------------------------------------------------


class SellerVariantSerializer(serializers.ModelSerializer):
    """A variant as its shop sees it, stock included."""

    price = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = ["id", "sku", "options", "price", "stock", "is_active", "position"]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_price(self, variant) -> dict:
        return _mad(variant.price)


@extend_schema_field(
    {
        "type": "object",
        "description": 'At most 5 options, e.g. {"size": "L"}: names and values of at '
        "most 60 characters.",
        "maxProperties": 5,
        "propertyNames": {"maxLength": 60, "pattern": NO_NUL},
        "additionalProperties": {"type": "string", "maxLength": 60, "pattern": NO_NUL},
    }
)
class OptionsField(serializers.DictField):
    """A variant's options: up to 5 names, each with a value, 60 characters each at most."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(max_length=60), **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if len(value) > 5:
            raise serializers.ValidationError("At most 5 options.")
        for name in value:
            if len(name) > 60 or "\x00" in name:
                raise serializers.ValidationError(
                    _("An option's name has at most 60 characters, and no NUL character.")
                )
        return value


class VariantWriteSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64, required=False, allow_blank=True)
    options = OptionsField(required=False, default=dict)
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="In MAD."
    )
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000)


class SellerProductSerializer(serializers.ModelSerializer):
    """A product as its shop sees it: every language, status and the reason given."""

    price = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    materials = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    maker = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    variants = SellerVariantSerializer(many=True, read_only=True)
    images = ProductImageSerializer(many=True, read_only=True)
    customs = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "status",
            "status_reason",
            "title_ar",
            "title_fr",
            "title_en",
            "title_es",
            "description_ar",
            "description_fr",
            "description_en",
            "description_es",
            "category",
            "materials",
            "maker",
            "technique",
            "region",
            "dimensions",
            "weight_grams",
            "made_to_order",
            "lead_time_days",
            "price",
            "in_stock",
            "variants",
            "images",
            "customs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_price(self, product) -> dict:
        return _mad(product.price)

    @extend_schema_field(CustomsOutSerializer)
    def get_customs(self, product) -> dict:
        return customs_data(product)


class ProductWriteSerializer(serializers.Serializer):
    """What a seller may set on a product (nothing that belongs to staff)."""

    title_ar = serializers.CharField(max_length=200)
    title_fr = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_es = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description_ar = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    description_fr = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    description_en = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    description_es = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    category = SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    materials = SlugRelatedField(
        slug_field="slug", queryset=Material.objects.all(), many=True, required=False
    )
    maker = SlugRelatedField(
        slug_field="slug", queryset=Artisan.objects.all(), required=False, allow_null=True
    )
    technique = serializers.CharField(max_length=120, required=False, allow_blank=True)
    region = serializers.ChoiceField(choices=Region.values, required=False)
    dimensions = serializers.CharField(max_length=80, required=False, allow_blank=True)
    weight_grams = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    made_to_order = serializers.BooleanField(required=False)
    lead_time_days = serializers.IntegerField(min_value=0, max_value=365, required=False)

    def service_fields(self) -> dict:
        """Map validated input onto the listing services' keyword arguments."""
        values = dict(self.validated_data)
        if "category" in values:
            values["category_id"] = values.pop("category").pk
        if "maker" in values:
            maker = values.pop("maker")
            values["maker_id"] = maker.pk if maker else None
        return values


class SellerProductList(ListAPIView):
    """The caller's shop's products (every status but archived), newest change first."""

    permission_classes = [IsSeller]
    serializer_class = SellerProductSerializer
    filter_backends = []

    def get_queryset(self):
        shop = seller_shop(self.request, "products")
        status_filter = self.request.query_params.get("status", "")
        if status_filter not in Product.Status.values:
            status_filter = ""
        return (
            selectors.seller_products(shop, status=status_filter)
            .select_related("category__parent", "maker", "customs")
            .prefetch_related(
                "materials", Prefetch("variants", Variant.objects.order_by("position", "pk"))
            )
        )

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_list",
        parameters=[
            OpenApiParameter("status", str, enum=Product.Status.values, required=False),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_create",
        request=ProductWriteSerializer,
        responses={201: SellerProductSerializer, **error_responses(409)},
    )
    def post(self, request):
        shop = seller_shop(request, "products")
        data = ProductWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.service_fields()
        product = catalogue_services.product_create(
            shop_id=shop.pk,
            actor=request.user,
            title_ar=values.pop("title_ar"),
            category_id=values.pop("category_id"),
            materials=[m.pk for m in values.pop("materials", [])],
            **values,
        )
        return Response(
            SellerProductSerializer(
                own_product(request, product.pk), context={"request": request}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class SellerProductDetail(APIView):
    """One of the caller's products: read, change (back to review if published), archive."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"], operation_id="seller_products_retrieve", responses=SellerProductSerializer
    )
    def get(self, request, product_id: int):
        return Response(
            SellerProductSerializer(
                own_product(request, product_id), context={"request": request}
            ).data
        )

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_partial_update",
        request=ProductWriteSerializer(partial=True),
        responses={200: SellerProductSerializer, **error_responses(409)},
    )
    def patch(self, request, product_id: int):
        product = own_product(request, product_id)
        data = ProductWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.service_fields()
        materials = values.pop("materials", None)
        catalogue_services.product_update(
            product_id=product.pk,
            actor=request.user,
            materials=[m.pk for m in materials] if materials is not None else None,
            **values,
        )
        return Response(
            SellerProductSerializer(
                own_product(request, product.pk), context={"request": request}
            ).data
        )

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_destroy",
        description="Archive the product: it leaves the shop but stays in past orders.",
        responses={204: None},
    )
    def delete(self, request, product_id: int):
        product = own_product(request, product_id)
        catalogue_services.product_archive(product_id=product.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerProductCustoms(APIView):
    """A product's customs data: HS code (suggested from the category), origin, weights."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"], operation_id="seller_products_customs", responses=CustomsOutSerializer
    )
    def get(self, request, product_id: int):
        return Response(customs_data(own_product(request, product_id)))

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_customs_update",
        request=CustomsSerializer,
        responses={200: CustomsOutSerializer, **error_responses(400, 422)},
    )
    def patch(self, request, product_id: int):
        product = own_product(request, product_id)
        data = CustomsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product_customs_set(product_id=product.pk, actor=request.user, **data.validated_data)
        return Response(customs_data(own_product(request, product.pk)))


class SellerProductSubmit(APIView):
    """Send a complete draft (or a refused product) to the moderators."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_products_submit",
        request=None,
        responses={200: SellerProductSerializer, **error_responses(409)},
    )
    def post(self, request, product_id: int):
        product = own_product(request, product_id)
        catalogue_services.product_submit_for_review(product_id=product.pk, actor=request.user)
        return Response(
            SellerProductSerializer(
                own_product(request, product.pk), context={"request": request}
            ).data
        )


class SellerVariantList(APIView):
    """Add a variant (options, price in MAD, stock) to one of the caller's products."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_variants_create",
        request=VariantWriteSerializer,
        responses={201: SellerVariantSerializer, **error_responses(409)},
    )
    def post(self, request, product_id: int):
        product = own_product(request, product_id)
        data = VariantWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        variant = catalogue_services.variant_create(
            product_id=product.pk, actor=request.user, **data.validated_data
        )
        return Response(SellerVariantSerializer(variant).data, status=status.HTTP_201_CREATED)


class SellerVariantDetail(APIView):
    """Change or remove a variant of one of the caller's products."""

    permission_classes = [IsSeller]

    def _variant(self, request, product_id: int, variant_id: int) -> Variant:
        product = own_product(request, product_id)
        variant = Variant.objects.filter(pk=variant_id, product=product).first()
        if variant is None:
            raise NotFound("No such variant.")
        return variant

    @extend_schema(
        tags=["seller"],
        operation_id="seller_variants_partial_update",
        request=VariantWriteSerializer(partial=True),
        responses={200: SellerVariantSerializer, **error_responses(409)},
    )
    def patch(self, request, product_id: int, variant_id: int):
        variant = self._variant(request, product_id, variant_id)
        data = VariantWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {
            "sku": variant.sku,
            "options": variant.options,
            "price": variant.price,
            "stock": variant.stock,
            **data.validated_data,
        }
        variant = catalogue_services.variant_update(
            variant_id=variant.pk, actor=request.user, **values
        )
        return Response(SellerVariantSerializer(variant).data)

    @extend_schema(tags=["seller"], operation_id="seller_variants_destroy", responses={204: None})
    def delete(self, request, product_id: int, variant_id: int):
        variant = self._variant(request, product_id, variant_id)
        catalogue_services.variant_delete(variant_id=variant.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerVariantCustoms(APIView):
    """What differs for customs on one variant; blank fields take the product's values."""

    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_variants_customs_update",
        request=CustomsSerializer,
        responses={200: CustomsSerializer, **error_responses(400, 404, 422)},
    )
    def patch(self, request, product_id: int, variant_id: int):
        variant = SellerVariantDetail()._variant(request, product_id, variant_id)
        data = CustomsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        saved = variant_customs_set(
            variant_id=variant.pk, actor=request.user, **data.validated_data
        )
        return Response({f: (getattr(saved, f) if saved else None) for f in CustomsFields.FIELDS})

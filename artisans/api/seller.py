"""API for sellers: own products (CRUD, variants, photos), own shop orders, balance, payouts.

Every object is looked up inside the caller's shop, so another shop's object is a 404; the
caller's role must allow the action (products, orders, payout), else 404 as well. Writes go
through the same services as the seller pages; staff fields (shop, status, commission,
featured) are never writable here.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.api import ProductImageSerializer
from marketplace.catalogue.models import Category, Material, Product, ProductImage, Variant
from marketplace.core.api import MoneySerializer, error_responses
from marketplace.core.money import Money
from marketplace.orders import services as order_services
from marketplace.orders.models import ShopOrder
from marketplace.orders.status import ShopOrderStatus

from . import selectors
from .models import Artisan, Region, Shop


def _mad(amount) -> dict:
    return Money(Decimal(amount or 0), "MAD").as_dict()


class IsSeller(permissions.BasePermission):
    """Signed-in users who act for a shop (own shop, or a cooperative's)."""

    message = "Only sellers may do this."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return selectors.seller_access(user) is not None


def seller_shop(request, permission: str) -> Shop:
    """Return the caller's shop when their role allows `permission` (404 otherwise)."""
    access = selectors.seller_access(request.user)
    if access is None or not access.can(permission):
        raise NotFound("Not found.")
    return access.shop


def own_product(request, product_id: int, *, lock_shop: Shop | None = None) -> Product:
    """Return a product of the caller's shop (404 for any other)."""
    shop = lock_shop or seller_shop(request, "products")
    product = (
        Product.objects.filter(pk=product_id, shop=shop)
        .select_related("shop", "category", "maker")
        .prefetch_related(
            "materials",
            Prefetch("variants", Variant.objects.order_by("position", "pk")),
            Prefetch("images", ProductImage.objects.order_by("position", "pk")),
        )
        .first()
    )
    if product is None:
        raise NotFound("No such product.")
    return product


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


class VariantWriteSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64, required=False, allow_blank=True)
    options = serializers.DictField(
        child=serializers.CharField(max_length=60), required=False, default=dict
    )
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="In MAD."
    )
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000)

    def validate_options(self, value):
        if len(value) > 5:
            raise serializers.ValidationError("At most 5 options.")
        return value


class SellerProductSerializer(serializers.ModelSerializer):
    """A product as its shop sees it: every language, status and the reason given."""

    price = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    materials = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    maker = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    variants = SellerVariantSerializer(many=True, read_only=True)
    images = ProductImageSerializer(many=True, read_only=True)

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_price(self, product) -> dict:
        return _mad(product.price)


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
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    materials = serializers.SlugRelatedField(
        slug_field="slug", queryset=Material.objects.all(), many=True, required=False
    )
    maker = serializers.SlugRelatedField(
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
            .select_related("category", "maker")
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


class PhotoUploadSerializer(serializers.Serializer):
    images = serializers.ListField(
        child=serializers.FileField(max_length=200, allow_empty_file=False),
        min_length=1,
        max_length=10,
        help_text="JPEG, PNG or WebP; checked by content, cleaned of metadata.",
    )
    alt_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PhotoUpdateSerializer(serializers.Serializer):
    alt_text = serializers.CharField(max_length=200, allow_blank=True)


class SellerPhotoList(APIView):
    """Upload photos (multipart, several at once) to one of the caller's products."""

    permission_classes = [IsSeller]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_photos_create",
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: ProductImageSerializer(many=True), **error_responses(409)},
    )
    def post(self, request, product_id: int):
        product = own_product(request, product_id)
        data = PhotoUploadSerializer(
            data={
                "images": request.FILES.getlist("images"),
                "alt_text": request.data.get("alt_text", ""),
            }
        )
        data.is_valid(raise_exception=True)
        images = catalogue_services.product_photos_add(
            product_id=product.pk,
            actor=request.user,
            files=data.validated_data["images"],
            alt_text=data.validated_data["alt_text"],
        )
        return Response(
            ProductImageSerializer(images, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SellerPhotoDetail(APIView):
    """Set a photo's alt text, or remove the photo."""

    permission_classes = [IsSeller]

    def _image(self, request, product_id: int, image_id: int) -> ProductImage:
        product = own_product(request, product_id)
        image = ProductImage.objects.filter(pk=image_id, product=product).first()
        if image is None:
            raise NotFound("No such photo.")
        return image

    @extend_schema(
        tags=["seller"],
        operation_id="seller_photos_partial_update",
        request=PhotoUpdateSerializer,
        responses=ProductImageSerializer,
    )
    def patch(self, request, product_id: int, image_id: int):
        image = self._image(request, product_id, image_id)
        data = PhotoUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = catalogue_services.product_photo_update(
            image_id=image.pk, actor=request.user, alt_text=data.validated_data["alt_text"]
        )
        return Response(ProductImageSerializer(image, context={"request": request}).data)

    @extend_schema(tags=["seller"], operation_id="seller_photos_destroy", responses={204: None})
    def delete(self, request, product_id: int, image_id: int):
        image = self._image(request, product_id, image_id)
        catalogue_services.product_photo_delete(image_id=image.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Orders --------------------------------------------------------------------------------------


class SellerOrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    line_total = MoneySerializer()


class ShipToSerializer(serializers.Serializer):
    name = serializers.CharField()
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    city = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    phone = serializers.CharField()


class SellerOrderSerializer(serializers.Serializer):
    """The shop's own part of an order (never the other shops' parts or payment details)."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=ShopOrderStatus.choices)
    created_at = serializers.DateTimeField()
    subtotal = MoneySerializer()
    shipping = MoneySerializer()
    total = MoneySerializer()
    commission_rate = serializers.CharField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    cancel_reason = serializers.CharField()
    ship_to = ShipToSerializer()
    lines = SellerOrderLineSerializer(many=True)


def seller_order_data(shop_order: ShopOrder) -> dict:
    """Serialise a shop's part of an order."""
    order = shop_order.order
    return {
        "number": order.number,
        "status": shop_order.status,
        "created_at": serializers.DateTimeField().to_representation(shop_order.created_at),
        "subtotal": _mad(shop_order.subtotal_mad),
        "shipping": _mad(shop_order.shipping_mad),
        "total": _mad(shop_order.total_mad),
        "commission_rate": f"{shop_order.commission_rate:.4f}",
        "carrier": shop_order.carrier,
        "tracking_number": shop_order.tracking_number,
        "cancel_reason": shop_order.cancel_reason,
        "ship_to": {
            "name": order.ship_name,
            "line1": order.ship_line1,
            "line2": order.ship_line2,
            "city": order.ship_city,
            "postal_code": order.ship_postal_code,
            "country": order.ship_country,
            "phone": order.ship_phone,
        },
        "lines": [
            {
                "id": line.pk,
                "title": line.title,
                "sku": line.sku,
                "options": {k: str(v) for k, v in (line.options or {}).items()},
                "quantity": line.quantity,
                "unit_price": _mad(line.unit_price_mad),
                "line_total": _mad(line.line_total_mad),
            }
            for line in shop_order.lines.all()
        ],
    }


def own_shop_order(request, number: str) -> ShopOrder:
    """Return the caller's shop's part of order `number` (404 for any other)."""
    from django.http import Http404

    shop = seller_shop(request, "orders")
    try:
        return selectors.shop_order_for_seller(shop, number)
    except Http404:
        raise NotFound("No such order.") from None


class SellerOrderList(ListAPIView):
    """The shop's orders: new (paid) first, then in progress, then the rest."""

    permission_classes = [IsSeller]
    serializer_class = SellerOrderSerializer
    filter_backends = []

    def get_queryset(self):
        shop = seller_shop(self.request, "orders")
        return selectors.shop_orders(shop).prefetch_related("lines")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([seller_order_data(so) for so in page])

    @extend_schema(tags=["seller"], operation_id="seller_orders_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SellerOrderDetail(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"], operation_id="seller_orders_retrieve", responses=SellerOrderSerializer
    )
    def get(self, request, number: str):
        return Response(seller_order_data(own_shop_order(request, number)))


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=60)
    tracking_number = serializers.CharField(max_length=80)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


def _answer(request, number: str) -> Response:
    return Response(seller_order_data(own_shop_order(request, number)))


class SellerOrderAccept(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_accept",
        request=None,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        order_services.shop_order_accept(shop_order_id=shop_order.pk, actor=request.user)
        return _answer(request, number)


class SellerOrderShip(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_ship",
        request=ShipSerializer,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        data = ShipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_services.shop_order_ship(
            shop_order_id=shop_order.pk, actor=request.user, **data.validated_data
        )
        return _answer(request, number)


class SellerOrderCancel(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=["seller"],
        operation_id="seller_orders_cancel",
        description="Cancel with a reason: stock returns and a paid part is refunded in full.",
        request=ReasonSerializer,
        responses={200: SellerOrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        shop_order = own_shop_order(request, number)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_services.shop_order_cancel(
            shop_order_id=shop_order.pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _answer(request, number)


# --- Money ---------------------------------------------------------------------------------------


class BalanceSerializer(serializers.Serializer):
    available = MoneySerializer(help_text="Due to the shop now.")
    pending = MoneySerializer(help_text="Still in the holding period.")
    in_transfer = MoneySerializer(help_text="In payouts not yet settled.")
    paid_out = MoneySerializer()


class PayoutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = MoneySerializer()
    status = serializers.CharField()
    reference = serializers.CharField()
    created_at = serializers.DateTimeField()
    settled_at = serializers.DateTimeField(allow_null=True)


class SellerBalance(APIView):
    """What the platform owes the shop, in MAD (after commission and refunds)."""

    permission_classes = [IsSeller]

    @extend_schema(tags=["seller"], operation_id="seller_balance", responses=BalanceSerializer)
    def get(self, request):
        from payments.selectors import shop_balance

        shop = seller_shop(request, "payout")
        balance = shop_balance(shop_id=shop.pk)
        return Response(
            {
                key: _mad(balance.get(key))
                for key in ("available", "pending", "in_transfer", "paid_out")
            }
        )


class SellerPayoutList(ListAPIView):
    """The shop's payouts, newest first."""

    permission_classes = [IsSeller]
    serializer_class = PayoutSerializer
    filter_backends = []

    def get_queryset(self):
        from payments.selectors import shop_payouts

        return shop_payouts(shop_id=seller_shop(self.request, "payout").pk)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        dt = serializers.DateTimeField()
        return self.get_paginated_response(
            [
                {
                    "id": p.pk,
                    "amount": _mad(p.amount_mad),
                    "status": p.status,
                    "reference": p.reference,
                    "created_at": dt.to_representation(p.created_at),
                    "settled_at": dt.to_representation(p.settled_at) if p.settled_at else None,
                }
                for p in page
            ]
        )

    @extend_schema(tags=["seller"], operation_id="seller_payouts_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

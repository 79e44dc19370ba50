"""API: reviews of delivered pieces, per product and per shop; the shop's reply."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.catalogue import selectors as catalogue_selectors
from marketplace.core.api import absolute_url, error_responses

from . import services
from .models import Review


class ReviewSerializer(serializers.ModelSerializer):
    """A published review; the buyer is shown by first name and country only."""

    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    shop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    photo = serializers.SerializerMethodField(help_text="The buyer's photo of the piece, or null.")

    class Meta:
        model = Review
        fields = [
            "id",
            "product",
            "shop",
            "author_name",
            "rating",
            "text",
            "photo",
            "language",
            "reply",
            "replied_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_photo(self, review: Review) -> str | None:
        return absolute_url(self.context, review.photo.url) if review.photo else None


class ReviewCreateSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1, help_text="A delivered order line of yours.")
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    photo = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional photo of the piece (multipart/form-data): JPEG, PNG or WebP, up to "
        "15 MB. It is checked by its content and stripped of its metadata (location included).",
    )


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class ReviewableLineSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(source="pk")
    order = serializers.CharField(source="shop_order.order.number")
    title = serializers.CharField()
    product = serializers.CharField(source="product.slug", allow_null=True, default=None)
    shop = serializers.CharField(source="shop_order.shop.slug")
    delivered_at = serializers.DateTimeField(source="shop_order.delivered_at")


def _visible():
    return Review.objects.filter(status=Review.Status.VISIBLE).select_related("product", "shop")


class ProductReviews(ListAPIView):
    """Visible reviews of a public product, newest first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ReviewSerializer
    filter_backends = []

    def get_queryset(self):
        product = catalogue_selectors.products_public().filter(slug=self.kwargs["slug"]).first()
        if product is None:
            raise NotFound("No such product.")
        return _visible().filter(product=product).order_by("-created_at", "-pk")

    @extend_schema(tags=["reviews"], operation_id="products_reviews_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ShopReviews(ListAPIView):
    """Visible reviews of a verified shop, newest first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ReviewSerializer
    filter_backends = []

    def get_queryset(self):
        from artisans.models import Shop

        shop = Shop.objects.filter(slug=self.kwargs["slug"], status=Shop.Status.VERIFIED).first()
        if shop is None:
            raise NotFound("No such shop.")
        return _visible().filter(shop=shop).order_by("-created_at", "-pk")

    @extend_schema(tags=["reviews"], operation_id="shops_reviews_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReviewCreate(APIView):
    """Review a delivered order line of yours, once, within the review window.

    JSON, or multipart/form-data to send a photo with it.
    """

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["reviews"],
        operation_id="reviews_create",
        request={
            "application/json": ReviewCreateSerializer,
            "multipart/form-data": ReviewCreateSerializer,
        },
        responses={201: ReviewSerializer, **error_responses(409)},
    )
    def post(self, request):
        data = ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        review = services.review_create(
            order_line_id=v["order_line"],
            buyer=request.user,
            rating=v["rating"],
            text=v["text"],
            photo=v["photo"],
        )
        return Response(
            ReviewSerializer(review, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ReviewableLines(ListAPIView):
    """Your delivered order lines still open for a review."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReviewableLineSerializer
    filter_backends = []

    def get_queryset(self):
        from .selectors import lines_to_review

        return lines_to_review(buyer=self.request.user)

    @extend_schema(tags=["reviews"], operation_id="reviews_reviewable_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReviewReply(APIView):
    """The shop's one public answer to a review of its work."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["reviews"],
        operation_id="reviews_reply",
        request=ReplySerializer,
        responses={200: ReviewSerializer, **error_responses(409)},
    )
    def post(self, request, pk: int):
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_reply(
            review_id=pk, user=request.user, text=data.validated_data["text"]
        )
        return Response(ReviewSerializer(review).data)

"""API: the public shops (verified ones, or your own), with their makers and piece counts."""

from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Shop

from .. import selectors as catalogue_selectors
from ..models import Product

# --- Public shops --------------------------------------------------------------------------------


class OwnerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["artisan", "cooperative"])
    slug = serializers.CharField()
    name = serializers.CharField()
    women_led = serializers.BooleanField(allow_null=True)


class MemberSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    craft = serializers.CharField()
    role = serializers.CharField()


class ShopSerializer(serializers.ModelSerializer):
    """A verified shop as the public sees it."""

    kind = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    product_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Shop
        fields = [
            "slug",
            "name",
            "kind",
            "tagline",
            "region",
            "city",
            "owner",
            "product_count",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["artisan", "cooperative"]))
    def get_kind(self, shop) -> str:
        return "cooperative" if shop.cooperative_id else "artisan"

    @extend_schema_field(OwnerSerializer)
    def get_owner(self, shop) -> dict:
        owner = shop.owner
        return {
            "kind": "cooperative" if shop.cooperative_id else "artisan",
            "slug": owner.slug,
            "name": owner.name,
            "women_led": owner.women_led if shop.cooperative_id else None,
        }


class ShopDetailSerializer(ShopSerializer):
    members = serializers.SerializerMethodField()

    class Meta(ShopSerializer.Meta):
        fields = [*ShopSerializer.Meta.fields, "status", "story", "members"]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, shop) -> list[dict]:
        if not shop.cooperative_id:
            return []
        return [
            {
                "slug": m.artisan.slug,
                "name": m.artisan.name,
                "craft": m.artisan.craft,
                "role": m.role,
            }
            for m in catalogue_selectors.cooperative_members(cooperative_id=shop.cooperative_id)
        ]


def _public_count():
    return Count(
        "products",
        filter=Q(products__status=Product.Status.PUBLISHED),
        distinct=True,
    )


class ShopList(ListAPIView):
    """Verified shops, by name."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ShopSerializer
    filter_backends = []

    def get_queryset(self):
        return (
            Shop.objects.filter(status=Shop.Status.VERIFIED)
            .select_related("artisan", "cooperative")
            .annotate(product_count=_public_count())
            .order_by("name", "pk")
        )

    @extend_schema(tags=["catalogue"], operation_id="shops_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ShopDetail(APIView):
    """One shop (404 unless verified, or yours)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["catalogue"], operation_id="shops_retrieve", responses={200: ShopDetailSerializer}
    )
    def get(self, request, slug: str):
        shop = catalogue_selectors.shop_for_page(slug=slug, user=request.user)
        if shop is None:
            raise NotFound("No such shop.")
        shop.product_count = catalogue_selectors.products_public().filter(shop=shop).count()
        return Response(ShopDetailSerializer(shop).data)

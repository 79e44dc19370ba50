"""Moderation API serializers: queue rows, decisions and their reasons, reports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.catalogue.api.shops import ShopSerializer
from marketplace.catalogue.models import Product

from ..models import Flag
from ..reasons import ProductRejectReason, ShopRejectReason, SuspendReason


class QueueCountsSerializer(serializers.Serializer):
    shops = serializers.IntegerField()
    products = serializers.IntegerField()
    reports = serializers.IntegerField()
    reviews = serializers.IntegerField()


class PendingShopSerializer(ShopSerializer):
    registry_number = serializers.SerializerMethodField()

    class Meta(ShopSerializer.Meta):
        fields = [
            *(f for f in ShopSerializer.Meta.fields if f != "product_count"),
            "id",
            "status",
            "story",
            "registry_number",
        ]
        read_only_fields = fields

    def get_registry_number(self, shop) -> str:
        owner = shop.owner
        return getattr(owner, "registration_number", "") or getattr(owner, "registry_number", "")


class PendingProductSerializer(serializers.ModelSerializer):
    shop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "status",
            "shop",
            "category",
            "title_ar",
            "title_fr",
            "title_en",
            "title_es",
            "description_ar",
            "description_fr",
            "description_en",
            "description_es",
            "updated_at",
        ]
        read_only_fields = fields


class ReportGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["product", "shop", "review", "message"])
    id = serializers.IntegerField()
    count = serializers.IntegerField()


class ReviewToCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = serializers.CharField(source="shop.slug")
    product = serializers.CharField(source="product.slug", allow_null=True, default=None)
    rating = serializers.IntegerField()
    text = serializers.CharField()
    author_name = serializers.CharField()
    open_flags = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class DecisionSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_reason = serializers.CharField()


# A refusal or suspension says why: a reason from the list, or words (beyond spaces), or both.
REASON_GIVEN = {
    "anyOf": [
        {"required": ["reason_code"], "properties": {"reason_code": {"minLength": 1}}},
        {"required": ["reason"], "properties": {"reason": {"pattern": r"[^\s\u0000]"}}},
    ]
}


class ShopRejectSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(
        choices=ShopRejectReason.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        request_rules = REASON_GIVEN


class ProductRejectSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(
        choices=ProductRejectReason.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        request_rules = REASON_GIVEN


class SuspendSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(
        choices=SuspendReason.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        request_rules = REASON_GIVEN


class NoteSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class HideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# The outcomes each kind of item can have (warned: a message's sender; hidden: not a shop;
# suspended: a shop, through its product or its message, or a buyer's messaging).
RESOLUTIONS = {
    "product": ["no_action", "hidden", "suspended"],
    "shop": ["no_action", "suspended"],
    "review": ["no_action", "hidden"],
    "message": ["no_action", "warned", "hidden", "suspended"],
}


class ResolveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["product", "shop", "review", "message"])
    id = serializers.IntegerField(min_value=1)
    resolution = serializers.ChoiceField(
        choices=Flag.Resolution.choices,
        help_text="product: no_action, hidden, suspended; shop: no_action, suspended; review: "
        "no_action, hidden; message: any.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        # Patterns, not enums: drf-spectacular would turn enums into shared components.
        request_rules = {
            "anyOf": [
                {
                    "properties": {
                        "kind": {"pattern": f"^{kind}$"},
                        "resolution": {"pattern": f"^({'|'.join(outcomes)})$"},
                    }
                }
                for kind, outcomes in RESOLUTIONS.items()
            ]
        }

    def validate(self, attrs):
        if attrs["resolution"] not in RESOLUTIONS[attrs["kind"]]:
            raise serializers.ValidationError(
                {"resolution": [_("This outcome does not apply to this item.")]}
            )
        return attrs


class ResolvedSerializer(serializers.Serializer):
    resolved = serializers.IntegerField(help_text="How many reports were closed.")


class ReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["product", "shop", "review", "message"])
    id = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()

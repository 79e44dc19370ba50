"""Shipping API: carriers, quotes for pieces and an address, and the import-charges shape."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.catalogue.models import Variant
from marketplace.core.api import CountryField, ErrorSerializer, MoneySerializer, error_responses
from marketplace.core.money import Money, convert_from_mad
from marketplace.core.selectors import exchange_rate

from .carriers import CARRIERS
from .errors import ShippingError, ShippingErrorCode
from .selectors import ParcelForEstimate, QuoteLine, import_estimate, shipping_quotes
from .zones import COUNTRY_ZONES, zone_for_country


class EstimateRuleSerializer(serializers.Serializer):
    rule = serializers.CharField()
    since = serializers.DateField(help_text="When the rule took effect.")
    source = serializers.CharField()


class ImportEstimateSerializer(serializers.Serializer):
    """What the buyer is expected to pay on delivery: an estimate, never a charge."""

    is_estimate = serializers.BooleanField()
    country = serializers.CharField()
    duty = MoneySerializer()
    vat = MoneySerializer()
    handling = MoneySerializer()
    total = MoneySerializer()
    rules = EstimateRuleSerializer(many=True)
    not_included = serializers.ListField(
        child=serializers.CharField(),
        help_text="duty_other_origin, duty_unknown_chapter, handling_unknown: left out.",
    )
    checked_on = serializers.DateField(help_text="When the rates table was last checked.")


def estimate_data(stored: dict) -> dict | None:
    """Serialise a stored (or fresh `as_dict()`) estimate in the API shape, or None."""
    if not stored:
        return None
    cur = stored["currency"]
    money = {
        k: Money(Decimal(stored[k]), cur).as_dict() for k in ("duty", "vat", "handling", "total")
    }
    return {
        "is_estimate": True,
        "country": stored["country"],
        **money,
        "rules": [
            {"rule": r["rule"], "since": r["since"], "source": r["source"]} for r in stored["rules"]
        ],
        "not_included": stored["not_included"],
        "checked_on": stored["checked_on"],
    }


class CarrierSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["post", "courier"])
    example = serializers.CharField()
    format = serializers.CharField()
    has_tracking_page = serializers.BooleanField()


class CarrierList(APIView):
    """The carriers a shop can name when it ships, with their tracking-number formats."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["shipping"], operation_id="shipping_carriers", responses=CarrierSerializer(many=True)
    )
    def get(self, request):
        return Response(
            [
                {
                    "code": c.code,
                    "name": str(c.name),
                    "kind": c.kind,
                    "example": c.example,
                    "format": str(c.format_help),
                    "has_tracking_page": bool(c.tracking_url),
                }
                for c in CARRIERS.values()
            ]
        )


class QuoteLineInSerializer(serializers.Serializer):
    variant = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


# An HS code as sellers type it: a chapter (01 to 97 but 77) and four digits, dots and spaces
# anywhere between (read as the six digits).
HS_CODE_PATTERN = r"^[\s.]*((0[1-9]|[1-6][0-9]|7[0-689]|8[0-9]|9[0-7])([\s.]*[0-9]){4}[\s.]*)?$"


@extend_schema_field({"type": "string", "maxLength": 12, "pattern": HS_CODE_PATTERN})
class HsCodeField(serializers.CharField):
    """An HS code as typed; the customs service checks it (422 with the reason)."""


class QuoteRequestSerializer(serializers.Serializer):
    country = CountryField(
        codes=lambda: COUNTRY_ZONES, help_text="ISO 3166-1 alpha-2 of a country Souk ships to."
    )
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    lines = QuoteLineInSerializer(many=True, min_length=1, max_length=50)


class ShopShippingQuoteSerializer(serializers.Serializer):
    shop = serializers.CharField(help_text="The shop's slug.")
    zone = serializers.CharField()
    pricing = serializers.ChoiceField(choices=["piece", "weight"])
    weight_grams = serializers.IntegerField()
    shipping = MoneySerializer()
    free = serializers.BooleanField()
    days_min = serializers.IntegerField(help_text="Preparation plus transit, in days.")
    days_max = serializers.IntegerField()
    carriers = serializers.ListField(child=serializers.CharField())


class ShippingQuoteSerializer(serializers.Serializer):
    country = serializers.CharField()
    currency = serializers.CharField()
    shops = ShopShippingQuoteSerializer(many=True)
    shipping = MoneySerializer()
    import_estimate = ImportEstimateSerializer(allow_null=True)


class QuoteView(APIView):
    """Quote shipping per shop for pieces and a destination, with the import-charges estimate.

    A destination one of the shops does not serve, or a parcel heavier than its bands, is
    refused with 409 and the shop named.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["shipping"],
        operation_id="shipping_quote",
        request=QuoteRequestSerializer,
        responses={
            200: ShippingQuoteSerializer,
            **error_responses(400, 404),
            409: OpenApiResponse(
                ErrorSerializer,
                description="A shop does not ship there, or not a parcel this heavy "
                "(`not_served`, `too_heavy`); the shop is named.",
            ),
        },
    )
    def post(self, request):
        data = QuoteRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        country = values["country"].upper()
        currency = values.get("currency") or settings.BASE_CURRENCY
        zone = zone_for_country(country)
        wanted: dict[int, int] = {}
        for line in values["lines"]:
            wanted[line["variant"]] = wanted.get(line["variant"], 0) + line["quantity"]
        variants = {
            v.pk: v
            for v in Variant.objects.filter(
                pk__in=wanted, is_active=True, product__status="published"
            ).select_related("product__shop")
        }
        if set(wanted) - set(variants):
            raise ShippingError(ShippingErrorCode.NOT_FOUND, fields={"lines": ["unknown variant"]})
        if zone is None:
            raise ShippingError(
                ShippingErrorCode.NOT_SERVED, shop="Souk", country=country,
                fields={"country": ["not_served"]},
            )  # fmt: skip
        parcels: dict[int, list[QuoteLine]] = {}
        for pk, qty in wanted.items():
            v = variants[pk]
            parcels.setdefault(v.shop_id, []).append(
                QuoteLine(quantity=qty, unit_price_mad=v.price, weight_grams=v.product.weight_grams)
            )
        quotes = shipping_quotes(zone=zone, parcels=parcels)
        shops = {v.shop_id: v.product.shop for v in variants.values()}
        for shop_id, quote in sorted(quotes.items()):
            if quote.refused == "too_heavy":
                raise ShippingError(
                    ShippingErrorCode.TOO_HEAVY, shop=shops[shop_id].name, country=country,
                    kg=f"{quote.weight_grams / 1000:.1f}", max_kg=f"{quote.max_grams / 1000:.1f}",
                    fields={"lines": ["too_heavy"]},
                )  # fmt: skip
            if quote.refused:
                raise ShippingError(
                    ShippingErrorCode.NOT_SERVED, shop=shops[shop_id].name, country=country,
                    fields={"country": ["not_served"]},
                )  # fmt: skip
        rate = exchange_rate(currency)
        estimate = import_estimate(
            country=country,
            currency=currency,
            rate=rate,
            parcels=[
                ParcelForEstimate(
                    lines=[
                        (pk, variants[pk].price * qty)
                        for pk, qty in wanted.items()
                        if variants[pk].shop_id == shop_id
                    ],
                    shipping_mad=quote.amount_mad,
                    carriers=quote.carriers,
                )
                for shop_id, quote in sorted(quotes.items())
            ],
        )

        def shown(mad):
            return Money(convert_from_mad(mad, currency, rate), currency).as_dict()

        return Response(
            {
                "country": country,
                "currency": currency,
                "shops": [
                    {
                        "shop": shops[shop_id].slug,
                        "zone": q.zone,
                        "pricing": q.pricing,
                        "weight_grams": q.weight_grams,
                        "shipping": shown(q.amount_mad),
                        "free": q.free,
                        "days_min": q.days_min,
                        "days_max": q.days_max,
                        "carriers": q.carriers,
                    }
                    for shop_id, q in sorted(quotes.items())
                ],
                "shipping": shown(sum((q.amount_mad for q in quotes.values()), Decimal("0"))),
                "import_estimate": estimate_data(estimate.as_dict() if estimate else {}),
            }
        )


class CustomsSerializer(serializers.Serializer):
    """A product's (or a variant's) customs data, as the seller sets it."""

    hs_code = HsCodeField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="6 digits, the first two an HS chapter (01 to 97 but 77); dots and spaces "
        "allowed, e.g. 5701.10. Any other is refused with 422 (`invalid_hs_code`).",
    )
    origin_country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, allow_blank=True, help_text="ISO alpha-2; MA default."
    )
    composition = serializers.CharField(max_length=200, required=False, allow_blank=True)
    net_weight_grams = serializers.IntegerField(
        min_value=1, max_value=1_000_000, required=False, allow_null=True
    )
    length_cm = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )
    width_cm = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )
    height_cm = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )


class CustomsOutSerializer(CustomsSerializer):
    hs_suggested = serializers.CharField(
        allow_blank=True, help_text="The category's suggested HS code ('' if none)."
    )
    hs_suggested_description = serializers.CharField(allow_blank=True)


def customs_data(product) -> dict:
    """Serialise a product's own customs data with the category's suggestion."""
    from .hs import suggest_hs
    from .models import CustomsFields, ProductCustoms

    try:
        own = product.customs
    except ProductCustoms.DoesNotExist:
        own = None
    suggestion = suggest_hs(product.category) or ("", "")
    values = {f: getattr(own, f) if own else None for f in CustomsFields.FIELDS}
    values["hs_code"] = values["hs_code"] or ""
    values["composition"] = values["composition"] or ""
    values["origin_country"] = values["origin_country"] or "MA"
    return {**values, "hs_suggested": suggestion[0], "hs_suggested_description": suggestion[1]}

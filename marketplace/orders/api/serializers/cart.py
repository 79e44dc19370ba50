"""The cart: its priced lines per shop, and adding or changing a line."""

from __future__ import annotations

from rest_framework import serializers

from marketplace.core.api import MoneySerializer
from marketplace.core.money import convert_from_mad
from marketplace.shipping.api import ImportEstimateSerializer, estimate_data

from .common import RefSerializer, _money


class CartVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())


class CartProductSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = CartVariantSerializer()
    product = CartProductSerializer()
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    line_total = MoneySerializer()
    unavailable = serializers.BooleanField(help_text="No longer for sale: remove it.")
    short_of_stock = serializers.BooleanField(help_text="More than what is left.")
    price_changed = serializers.BooleanField(help_text="The price changed since it was added.")


class CartShopSerializer(serializers.Serializer):
    shop = RefSerializer()
    lines = CartLineSerializer(many=True)
    subtotal = MoneySerializer()
    shipping = MoneySerializer(allow_null=True, help_text="null: no shipping to this zone.")
    shipping_refused = serializers.ChoiceField(
        choices=["", "not_served", "too_heavy"], help_text="Why shipping is null."
    )
    days_min = serializers.IntegerField(help_text="Preparation plus transit, in days.")
    days_max = serializers.IntegerField()
    total = MoneySerializer()


class CartSerializer(serializers.Serializer):
    currency = serializers.CharField()
    zone = serializers.CharField()
    count = serializers.IntegerField()
    shops = CartShopSerializer(many=True)
    subtotal = MoneySerializer()
    shipping = MoneySerializer()
    total = MoneySerializer()
    has_problems = serializers.BooleanField()
    price_changed = serializers.BooleanField()
    import_estimate = ImportEstimateSerializer(
        allow_null=True, help_text="With ?country= in the US, the EU or the UK."
    )


def cart_data(priced) -> dict:
    """Serialise a priced cart: prices from the database, in the buyer's currency."""
    cur, rate = priced.currency, priced.rate

    def shown(amount_mad):
        return _money(convert_from_mad(amount_mad, cur, rate), cur)

    shops = []
    for group in priced.groups:
        lines = []
        for pl in group.lines:
            variant = pl.line.variant
            lines.append(
                {
                    "id": pl.line.pk,
                    "variant": {
                        "id": variant.pk,
                        "sku": variant.sku,
                        "options": {k: str(v) for k, v in (variant.options or {}).items()},
                    },
                    "product": {"slug": variant.product.slug, "title": variant.product.title},
                    "quantity": pl.line.quantity,
                    "unit_price": shown(pl.unit_price_mad),
                    "line_total": shown(pl.line_total_mad),
                    "unavailable": pl.unavailable,
                    "short_of_stock": pl.short_of_stock,
                    "price_changed": pl.price_changed,
                }
            )
        shops.append(
            {
                "shop": {"slug": group.shop.slug, "name": group.shop.name},
                "lines": lines,
                "subtotal": shown(group.subtotal_mad),
                "shipping": shown(group.shipping_mad) if group.ships else None,
                "shipping_refused": group.quote.refused if group.quote else "",
                "days_min": group.quote.days_min if group.quote else 0,
                "days_max": group.quote.days_max if group.quote else 0,
                "total": shown(group.total_mad),
            }
        )
    return {
        "currency": cur,
        "zone": priced.zone,
        "count": priced.count,
        "shops": shops,
        "subtotal": shown(priced.subtotal_mad),
        "shipping": shown(priced.shipping_mad),
        "total": _money(priced.total, cur),
        "has_problems": priced.has_problems,
        "price_changed": priced.price_changed,
        "import_estimate": estimate_data(priced.estimate.as_dict() if priced.estimate else {}),
    }


class CartLineCreateSerializer(serializers.Serializer):
    variant = serializers.IntegerField(min_value=1, help_text="A variant id.")
    quantity = serializers.IntegerField(min_value=1, max_value=99, default=1)


class CartLineUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=99)

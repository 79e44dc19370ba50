"""What several of the orders API's serializers share: the destination, money, a reference."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from marketplace.core.money import Money

from ...countries import zone_for_country


def _country(request) -> str:
    """Return the destination asked for (?country=), else the buyer's country, else Morocco."""
    country = (request.query_params.get("country") or request.user.country or "MA").upper()
    return country if zone_for_country(country) else "MA"


def _zone(request) -> str:
    return zone_for_country(_country(request))


def _money(amount, currency: str) -> dict:
    return Money(Decimal(amount), currency).as_dict()


class RefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()

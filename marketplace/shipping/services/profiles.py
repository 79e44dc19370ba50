"""Writes for shipping profiles: processing days, and per zone the pricing, bands and carriers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from artisans.models import ShippingRate, ShippingZone, Shop

from ..carriers import CARRIERS
from ..errors import ShippingError, ShippingErrorCode
from ..models import ShippingProfile, WeightBand, ZoneService


def _refuse(detail: str, field: str):
    return ShippingError(ShippingErrorCode.INVALID_PROFILE, detail=detail, fields={field: [detail]})


def _money(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _refuse("not an amount", field) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= 10**10:
        raise _refuse("not an amount", field)
    return amount


def shipping_profile_set(
    *,
    shop_id: int,
    actor,
    processing_days_min: int,
    processing_days_max: int,
    zones: dict | None = None,
) -> ShippingProfile:
    """Set a shop's processing days and, per zone it serves, pricing, free threshold, bands.

    `zones` maps a zone to {"pricing": "piece"|"weight", "free_over_mad": amount or None,
    "carriers": [codes], "bands": [(up_to_grams, price_mad), ...]}; a zone the shop has no
    ShippingRate for is refused (set its first-piece price first). Zones left out keep theirs.
    """
    if not (0 <= processing_days_min <= processing_days_max <= 90):
        raise _refuse("processing days", "processing_days")
    zones = zones or {}
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        profile, _created = ShippingProfile.objects.update_or_create(
            shop=shop,
            defaults={
                "processing_days_min": processing_days_min,
                "processing_days_max": processing_days_max,
            },
        )
        rates = {r.zone: r for r in ShippingRate.objects.filter(shop=shop)}
        for zone, terms in sorted(zones.items()):
            if zone not in ShippingZone.values or zone not in rates:
                raise _refuse(f"zone {zone} is not served", f"zones.{zone}")
            _zone_set(rates[zone], terms, zone)
    return profile


def _zone_set(rate: ShippingRate, terms: dict, zone: str) -> None:
    pricing = terms.get("pricing", ZoneService.Pricing.PIECE)
    if pricing not in ZoneService.Pricing.values:
        raise _refuse("pricing", f"zones.{zone}.pricing")
    carriers = list(dict.fromkeys(terms.get("carriers") or []))
    if any(code not in CARRIERS for code in carriers):
        raise _refuse("unknown carrier", f"zones.{zone}.carriers")
    bands = []
    for up_to, price in terms.get("bands") or []:
        if not isinstance(up_to, int) or not 0 < up_to <= 1_000_000:
            raise _refuse("band weight", f"zones.{zone}.bands")
        bands.append((up_to, _money(price, f"zones.{zone}.bands")))
    if len({b[0] for b in bands}) != len(bands):
        raise _refuse("two bands of one weight", f"zones.{zone}.bands")
    if pricing == ZoneService.Pricing.WEIGHT and not bands:
        raise _refuse("pricing by weight needs at least one band", f"zones.{zone}.bands")
    ZoneService.objects.update_or_create(
        rate=rate,
        defaults={
            "pricing": pricing,
            "free_over_mad": _money(terms.get("free_over_mad"), f"zones.{zone}.free_over_mad"),
            "carriers": carriers,
        },
    )
    WeightBand.objects.filter(rate=rate).delete()
    WeightBand.objects.bulk_create(
        [WeightBand(rate=rate, up_to_grams=g, price_mad=p) for g, p in sorted(bands)]
    )

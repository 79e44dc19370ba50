"""Shop settings a seller may change: shipping rates and payout details."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from marketplace.moderation.services import audit_record

from ..errors import SellerError, SellerErrorCode
from ..models import ShippingRate, ShippingZone, Shop
from ..rib import rib_is_valid, rib_normalise


def shop_payout_update(*, shop_id: int, actor, holder: str, rib: str) -> Shop:
    """Set the account holder and the RIB payouts go to (24 digits, mod-97 key checked)."""
    rib = rib_normalise(rib)
    if not rib_is_valid(rib):
        raise SellerError(SellerErrorCode.RIB_INVALID, fields={"rib": "invalid"})
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        before = shop.payout_rib
        shop.payout_holder, shop.payout_rib = holder.strip(), rib
        shop.save(update_fields=["payout_holder", "payout_rib", "updated_at"])
        if before != rib:
            # Where the money goes is security-relevant: keep a trace (masked).
            audit_record(
                actor=actor,
                action="shop.payout_details_changed",
                obj=shop,
                changes={"payout_rib": [f"…{before[-4:]}" if before else "", f"…{rib[-4:]}"]},
            )
        return shop


def shop_shipping_rates_set(*, shop_id: int, actor, rates: dict) -> list[ShippingRate]:
    """Replace the shop's shipping rates: {zone: (first, further, days_min, days_max) or None}."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        kept = []
        for zone in ShippingZone.values:
            value = rates.get(zone)
            if value is None:
                ShippingRate.objects.filter(shop=shop, zone=zone).delete()
                continue
            first, further, days_min, days_max = value
            if Decimal(first) < 0 or Decimal(further) < 0 or days_min > days_max:
                raise SellerError(SellerErrorCode.SHIPPING_INVALID)
            rate, _created = ShippingRate.objects.update_or_create(
                shop=shop,
                zone=zone,
                defaults={
                    "first_item": Decimal(first),
                    "additional_item": Decimal(further),
                    "days_min": days_min,
                    "days_max": days_max,
                },
            )
            kept.append(rate)
        return kept

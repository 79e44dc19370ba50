"""Shop settings a seller may change: shipping rates and payout details."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from marketplace.core.audit import audit_record
from marketplace.core.emails import email_queue

from ..errors import SellerError, SellerErrorCode
from ..models import ShippingRate, ShippingZone, Shop
from ..rib import rib_is_valid, rib_normalise
from ..selectors import shop_contacts
from ..signals import payout_details_changed


def shop_payout_update(*, shop_id: int, actor, holder: str, rib: str) -> Shop:
    """Set the account holder and the RIB payouts go to (24 digits, mod-97 key checked).

    A change is audited and e-mailed to everyone who runs the shop, in their language; the
    payments app holds every payout not yet paid for staff review (payout_details_changed), so
    a changed RIB never redirects money already due without a person checking it.
    """
    rib = rib_normalise(rib)
    if not rib_is_valid(rib):
        raise SellerError(SellerErrorCode.RIB_INVALID, fields={"rib": "invalid"})
    holder = holder.strip()
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        before_holder, before = shop.payout_holder, shop.payout_rib
        shop.payout_holder, shop.payout_rib = holder, rib
        shop.save(update_fields=["payout_holder", "payout_rib", "updated_at"])
        if (before, before_holder) == (rib, holder):
            return shop
        # Where the money goes is security-relevant: keep a trace (masked).
        audit_record(
            actor=actor,
            action="shop.payout_details_changed",
            obj=shop,
            changes={
                "payout_rib": [f"…{before[-4:]}" if before else "", f"…{rib[-4:]}"],
                "payout_holder": [before_holder, holder],
            },
        )
        answers = payout_details_changed.send(sender=Shop, shop=shop, actor=actor)
        held = [item for _receiver, answer in answers for item in (answer or [])]
        if before or held:  # a first RIB with nothing due is no change to warn anyone about
            _tell_payout_details_changed(shop, before=before, held=held)
        return shop


def _tell_payout_details_changed(shop: Shop, *, before: str, held: list) -> None:
    """E-mail everyone who runs the shop that its bank details changed (each in their language)."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    for user in shop_contacts(shop):
        email_queue(
            key=f"payout-details:{shop.pk}:{stamp}:{user.pk}",
            kind="shop_payout_details_changed",
            to=user.email,
            template="artisans_payout_details_changed",
            context={
                "shop_name": shop.name,
                "before": f"…{before[-4:]}" if before else "",
                "after": f"…{shop.payout_rib[-4:]}",
                "holder": shop.payout_holder,
                "held": held,
            },
            language=user.language,
        )


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


def shop_commission_set(*, shop_id: int, rate: Decimal, actor) -> Shop:
    """Set the platform's commission rate for a shop's future orders (staff; audited)."""
    rate = Decimal(rate)
    if not (Decimal("0") <= rate <= Decimal("0.5")):
        raise SellerError(SellerErrorCode.COMMISSION_INVALID, fields={"commission_rate": "range"})
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        before = shop.commission_rate
        if before == rate:
            return shop
        shop.commission_rate = rate
        shop.save(update_fields=["commission_rate", "updated_at"])
        audit_record(
            actor=actor,
            action="shop.commission_set",
            obj=shop,
            changes={"commission_rate": [str(before), str(rate)]},
        )
    return shop

"""Demo sellers: artisans and cooperatives from real craft regions, their verified shops."""

from __future__ import annotations

import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from artisans.models import Artisan, Cooperative, Membership, ShippingRate, ShippingZone, Shop
from artisans.rib import rib_key
from marketplace.accounts.models import User

from .. import data as D

SHIPPING = {  # zone: (first piece, each further piece, days min, days max), MAD
    ShippingZone.MOROCCO: ("35.00", "10.00", 2, 5),
    ShippingZone.EUROPE: ("180.00", "60.00", 6, 12),
    ShippingZone.NORTH_AMERICA: ("260.00", "90.00", 8, 16),
    ShippingZone.WORLD: ("320.00", "110.00", 10, 21),
}


def _demo_rib(slug: str, serial: int) -> str:
    """Return a well-formed demo RIB (bank, city, account, then the mod-97 key)."""
    first22 = f"{190:03d}{780:03d}{zlib.crc32(slug.encode()) % 10**10:010d}{serial:06d}"
    return first22 + rib_key(first22)


def seed() -> None:
    """Create or refresh every demo shop with its maker or cooperative and shipping prices."""
    emails = [spec["user"] for spec in D.SHOPS if spec["user"]]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    with transaction.atomic():
        _shops(users)


def _shops(users) -> dict[str, Shop]:
    shops = {}
    now = timezone.now()
    for serial_rib, spec in enumerate(D.SHOPS, start=1):
        user = users.get(spec["user"]) if spec["user"] else None
        maker, _ = Artisan.objects.update_or_create(
            slug=slugify(spec["maker"]),
            defaults=dict(
                name=spec["maker"],
                craft=spec["craft"],
                region=spec["region"],
                city=spec["city"],
                story=spec["story"],
                user=user,
                registry_number=f"RNA-{zlib.crc32(spec['maker'].encode()) % 10**8:08d}"
                if spec["kind"] == "artisan"
                else "",
            ),
        )
        owner = {"artisan": maker, "cooperative": None}
        if spec["kind"] == "coop":
            coop, _ = Cooperative.objects.update_or_create(
                slug=spec["slug"],
                defaults=dict(
                    name=spec["name"],
                    registration_number=spec["registration"],
                    region=spec["region"],
                    city=spec["city"],
                    founded_year=spec["founded"],
                    women_led=spec["women_led"],
                    story=spec["story"],
                ),
            )
            Membership.objects.update_or_create(
                cooperative=coop, artisan=maker, defaults={"role": Membership.Role.MANAGER}
            )
            for member_name in spec["members"]:
                member, _ = Artisan.objects.update_or_create(
                    slug=slugify(member_name),
                    defaults=dict(
                        name=member_name,
                        craft=spec["craft"],
                        region=spec["region"],
                        city=spec["city"],
                    ),
                )
                Membership.objects.get_or_create(
                    cooperative=coop,
                    artisan=member,
                    defaults={"role": Membership.Role.MEMBER},
                )
            owner = {"artisan": None, "cooperative": coop}
        shop, created = Shop.objects.update_or_create(
            slug=spec["slug"],
            defaults=dict(
                name=spec["name"],
                tagline=spec["tagline"],
                story=spec["story"],
                region=spec["region"],
                city=spec["city"],
                status=Shop.Status.VERIFIED,
                payout_holder=spec["maker"],
                payout_rib=_demo_rib(spec["slug"], serial_rib),
                **owner,
            ),
        )
        if created or shop.verified_at is None:
            shop.verified_at = now
            shop.save(update_fields=["verified_at"])
        for zone, (first, extra, dmin, dmax) in SHIPPING.items():
            ShippingRate.objects.update_or_create(
                shop=shop,
                zone=zone,
                defaults=dict(
                    first_item=Decimal(first),
                    additional_item=Decimal(extra),
                    days_min=dmin,
                    days_max=dmax,
                ),
            )
        shops[spec["slug"]] = shop
    return shops

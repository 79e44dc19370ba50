"""Fixtures for conversations: a women's cooperative (manager, member), a buyer, a stranger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from artisans.models import Membership, ShippingZone
from tests.artisans.imagegen import jpeg_with_gps
from tests.factories import (
    ArtisanFactory,
    CooperativeFactory,
    ProductFactory,
    ShippingRateFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)


@dataclass
class Cast:
    shop: object
    manager: object
    member: object
    buyer: object
    stranger: object
    other_seller: object
    moderator: object
    product: object


def photo(name="loom.jpg") -> SimpleUploadedFile:
    """A real JPEG carrying GPS coordinates and a camera name (which must not survive)."""
    return SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg")


@pytest.fixture
def cast(db) -> Cast:
    coop = CooperativeFactory(name="Tifawin")
    manager = UserFactory(email="manager@tifawin.ma", language="ar")
    Membership.objects.create(
        cooperative=coop,
        artisan=ArtisanFactory(user=manager, name="Fatima Ait Ali"),
        role=Membership.Role.MANAGER,
    )
    member = UserFactory(email="member@tifawin.ma", language="ar")
    Membership.objects.create(
        cooperative=coop, artisan=ArtisanFactory(user=member), role=Membership.Role.MEMBER
    )
    shop = ShopFactory(coop=True, cooperative=coop, name="Tifawin", commission_rate=Decimal("0.1"))
    for zone, cost in ((ShippingZone.NORTH_AMERICA, "150.00"), (ShippingZone.MOROCCO, "40.00")):
        ShippingRateFactory(shop=shop, zone=zone, first_item=Decimal(cost))
    product = ProductFactory(shop=shop, status="published")
    VariantFactory(product=product)
    other = UserFactory(email="other@souk.test")
    ShopFactory(artisan=ArtisanFactory(user=other))
    from marketplace.accounts.services import user_make_moderator

    moderator = user_make_moderator(user=UserFactory(email="mod@souk.test"))
    return Cast(
        shop=shop,
        manager=manager,
        member=member,
        buyer=UserFactory(email="emily@example.com", language="en", currency="USD"),
        stranger=UserFactory(email="stranger@example.com"),
        other_seller=other,
        moderator=moderator,
        product=product,
    )


US_ADDRESS = {
    "name": "Emily Carter",
    "line1": "12 Main Street",
    "city": "Boston",
    "postal_code": "02110",
    "country": "US",
    "phone": "+1 617 555 0100",
}

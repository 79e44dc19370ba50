"""API test set-up: a small marketplace with two shops, buyers and a moderator."""

from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.accounts.services import user_make_moderator
from tests.factories import (
    ArtisanFactory,
    ProductFactory,
    ShippingRateFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)


def client_for(user=None) -> APIClient:
    """Return an API client authenticated with the user's token (anonymous when None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@dataclass
class World:
    buyer: object
    other_buyer: object
    seller: object
    other_seller: object
    moderator: object
    shop: object
    other_shop: object
    product: object
    variant: object
    other_product: object
    other_variant: object

    def client(self, who: str | None) -> APIClient:
        return client_for(getattr(self, who) if who else None)


def make_seller(**shop_fields):
    """Create a user with an artisan profile and a verified shop."""
    user = UserFactory()
    artisan = ArtisanFactory(user=user)
    shop = ShopFactory(artisan=artisan, **shop_fields)
    for zone in ("MA", "EU", "NA", "WW"):
        ShippingRateFactory(shop=shop, zone=zone)
    return user, shop


@pytest.fixture
def world(db) -> World:
    seller, shop = make_seller()
    other_seller, other_shop = make_seller()
    moderator = user_make_moderator(user=UserFactory())
    variant = VariantFactory(product=ProductFactory(shop=shop), stock=5)
    other_variant = VariantFactory(product=ProductFactory(shop=other_shop), stock=5)
    return World(
        buyer=UserFactory(country="US"),
        other_buyer=UserFactory(),
        seller=seller,
        other_seller=other_seller,
        moderator=moderator,
        shop=shop,
        other_shop=other_shop,
        product=variant.product,
        variant=variant,
        other_product=other_variant.product,
        other_variant=other_variant,
    )


# The payments engineer's private localstripe (started once per session, emptied per test)
# and a Stripe that does not answer.
from tests.payments.conftest import dead_stripe, localstripe, localstripe_base  # noqa: E402, F401

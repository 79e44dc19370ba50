"""Fixtures for seller tests: a verified artisan shop, a cooperative, another shop, a buyer."""

import pytest

from artisans.models import Membership
from tests.factories import (
    ArtisanFactory,
    CategoryFactory,
    CooperativeFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)
from tests.factories.accounts import PASSWORD


@pytest.fixture
def owner(db):
    user = UserFactory(email="owner@example.com")
    shop = ShopFactory(artisan=ArtisanFactory(user=user), name="Atelier Owner")
    user.shop = shop
    return user


@pytest.fixture
def other_seller(db):
    user = UserFactory(email="other@example.com")
    shop = ShopFactory(artisan=ArtisanFactory(user=user), name="Other Shop")
    user.shop = shop
    return user


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.com")


@pytest.fixture
def coop_manager(db):
    user = UserFactory(email="manager@example.com")
    coop = CooperativeFactory()
    artisan = ArtisanFactory(user=user)
    Membership.objects.create(cooperative=coop, artisan=artisan, role=Membership.Role.MANAGER)
    shop = ShopFactory(coop=True, cooperative=coop, name="Coop Shop")
    user.shop = shop
    return user


@pytest.fixture
def coop_member(coop_manager):
    user = UserFactory(email="member@example.com")
    artisan = ArtisanFactory(user=user)
    Membership.objects.create(
        cooperative=coop_manager.shop.cooperative, artisan=artisan, role=Membership.Role.MEMBER
    )
    user.shop = coop_manager.shop
    return user


@pytest.fixture
def product(owner):
    p = ProductFactory(shop=owner.shop, category=CategoryFactory(), title_ar="طاجين")
    VariantFactory(product=p)
    return p


@pytest.fixture
def login(client):
    def _login(user):
        assert client.login(username=user.email, password=PASSWORD)
        return client

    return _login

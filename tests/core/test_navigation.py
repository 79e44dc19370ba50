"""The header's account menu: each role finds its own pages there, and only those."""

import re

import pytest
from django.contrib.auth.models import Group

from artisans.models import Membership, Shop
from tests.factories import ShopFactory, UserFactory
from tests.factories.artisans import ArtisanFactory, CooperativeFactory

pytestmark = pytest.mark.django_db


def menu(client, user=None, path="/ar/"):
    """Return {menu key: href} of the header menu as the user sees it, and the page."""
    if user is not None:
        client.force_login(user)
    body = client.get(path).content.decode()
    header = body.split("</header>")[0]
    links = dict(re.findall(r'data-menu="([\w-]+)" href="([^"]+)"', header))
    if 'data-menu="logout"' in header:
        links["logout"] = "POST"
    return links, body


def test_a_visitor_can_log_in_sign_up_or_open_a_shop(client):
    links, body = menu(client)
    assert set(links) == {"login", "signup", "sell", "favourites"}
    assert links["favourites"] == "/ar/favourites/"  # kept in the session before an account
    assert links["sell"] == "/ar/sell/"
    # The footer's "open your shop" is a link too.
    footer = body.split('<footer class="site-footer">')[1]
    assert 'href="/ar/sell/"' in footer


def test_a_buyer_finds_orders_preferences_and_the_way_to_sell(client):
    links, _ = menu(client, UserFactory(language="ar"))
    assert links == {
        "orders": "/ar/orders/",
        "favourites": "/ar/favourites/",
        "sell": "/ar/sell/",
        "preferences": "/ar/account/preferences/",
        "addresses": "/ar/account/addresses/",
        "logout": "POST",
    }


def test_an_artisan_finds_the_seller_area_but_no_moderation(client):
    user = UserFactory()
    ShopFactory(artisan=ArtisanFactory(user=user))
    links, _ = menu(client, user)
    assert links["seller"] == "/ar/sell/dashboard/"
    assert links["seller-products"] == "/ar/sell/products/"
    assert links["seller-orders"] == "/ar/sell/orders/"
    assert "sell" not in links and "seller-members" not in links
    assert "moderation" not in links and "admin" not in links


def test_an_applicant_is_led_back_to_the_application(client):
    user = UserFactory()
    ShopFactory(artisan=ArtisanFactory(user=user), status=Shop.Status.DRAFT)
    links, _ = menu(client, user)
    assert links["application"] == "/ar/sell/application/"


def test_a_cooperative_manager_also_finds_the_members(client):
    manager, member = UserFactory(), UserFactory()
    coop = CooperativeFactory()
    ShopFactory(artisan=None, cooperative=coop)
    for user, role in ((manager, Membership.Role.MANAGER), (member, Membership.Role.MEMBER)):
        Membership.objects.create(cooperative=coop, artisan=ArtisanFactory(user=user), role=role)
    links, _ = menu(client, manager)
    assert links["seller-members"] == "/ar/sell/members/"
    client.logout()
    links, _ = menu(client, member)
    assert "seller-members" not in links and "seller-orders" not in links
    assert links["seller-products"] == "/ar/sell/products/"


def test_a_moderator_finds_moderation_analytics_and_the_audit_log(client):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    links, _ = menu(client, moderator, "/fr/")
    assert links["moderation"] == "/fr/moderation/"
    assert links["analytics"] == "/fr/moderation/analytics/"
    assert links["audit"] == "/fr/moderation/audit/"
    assert "admin" not in links and "sell" not in links
    for href in ("/fr/moderation/", "/fr/moderation/analytics/", "/fr/moderation/audit/"):
        assert client.get(href).status_code == 200


def test_an_administrator_also_finds_the_admin_site(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    links, _ = menu(client, admin, "/en/")
    assert links["admin"] == "/admin/"
    assert links["moderation"] == "/en/moderation/"
    assert client.get("/admin/").status_code == 200


def test_every_menu_entry_opens_for_its_role(client):
    user = UserFactory()
    ShopFactory(artisan=ArtisanFactory(user=user))
    links, _ = menu(client, user)
    for key, href in links.items():
        if href != "POST":
            assert client.get(href).status_code == 200, key

"""Hearts and follows: with and without an account, without JavaScript, kept at log-in and
sign-up; the counts shown to the shop only; bad input refused with nothing changed."""

import json

import pytest
from django.test import Client

from marketplace.accounts.models import User
from marketplace.favourites.models import Favourite, Follow
from tests.accounts.helpers import link_in, mails_to
from tests.factories import ProductFactory, ShopFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

CHOSEN = "tajine-de-safi-42"


def _heart(client, product_id, *, js=False, on=True, **extra):
    url = "/en/favourites/add/" if on else "/en/favourites/remove/"
    headers = {"HTTP_ACCEPT": "application/json"} if js else {}
    return client.post(url, {"product": product_id}, **headers, **extra)


def test_a_heart_without_javascript_posts_and_comes_back_to_the_page(pieces, buyer):
    client = Client()
    client.force_login(buyer)
    product = pieces[0].product
    page = f"/en/p/{product.slug}/"
    response = _heart(client, product.pk, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302 and response["Location"].endswith(page)
    assert "Saved to your favourites" in client.get(page).content.decode()
    assert list(buyer.favourites.values_list("product_id", flat=True)) == [product.pk]
    # Sent twice (a double click, a back button): still one favourite.
    _heart(client, product.pk)
    assert buyer.favourites.count() == 1
    listed = client.get("/en/favourites/")
    assert listed.status_code == 200 and product.title_en in listed.content.decode()
    assert listed["Cache-Control"].startswith("no-store") or "no-store" in listed["Cache-Control"]


def test_a_heart_with_javascript_answers_its_state(pieces, buyer):
    client = Client()
    client.force_login(buyer)
    product = pieces[1].product
    on = _heart(client, product.pk, js=True)
    assert on.status_code == 200 and on.json()["on"] is True
    off = _heart(client, product.pk, js=True, on=False)
    assert off.status_code == 200 and off.json()["on"] is False
    assert not buyer.favourites.exists()


@pytest.mark.parametrize("value", ["abc", "", "-1", "99999999999999999999", "0"])
def test_bad_or_unknown_pieces_are_refused_and_change_nothing(pieces, buyer, value):
    client = Client()
    client.force_login(buyer)
    response = _heart(client, value, js=True)
    assert response.status_code == 404
    assert response.json()["code"] == "favourite_not_found"
    assert not Favourite.objects.exists()
    anonymous = Client()
    page = _heart(anonymous, value)
    assert page.status_code == 404 and "not available" in page.content.decode()
    assert "favourites" not in anonymous.session


def test_a_piece_the_public_cannot_see_cannot_be_loved(shop, buyer):
    draft = ProductFactory(shop=shop, status="draft")
    hidden = ProductFactory(shop=ShopFactory(status="suspended"))
    client = Client()
    client.force_login(buyer)
    for product in (draft, hidden):
        assert _heart(client, product.pk, js=True).status_code == 404
    assert not Favourite.objects.exists()


def test_a_favourite_made_before_log_in_survives_log_in(pieces, shop):
    user = UserFactory(email="leila@example.com")
    UserFactory()  # another account: nothing of the visitor's goes there
    client = Client()
    _heart(client, pieces[0].product.pk)
    _heart(client, pieces[1].product.pk)
    client.post("/en/favourites/follow/", {"shop": shop.pk})
    # Kept in the session meanwhile, and shown on the favourites page.
    assert pieces[0].product.title_en in client.get("/en/favourites/").content.decode()
    assert not Favourite.objects.exists()
    logged = client.post("/en/account/login/", {"username": user.email, "password": PASSWORD})
    assert logged.status_code == 302
    assert set(user.favourites.values_list("product_id", flat=True)) == {
        pieces[0].product.pk,
        pieces[1].product.pk,
    }
    assert user.follows.filter(shop=shop).exists()
    assert Favourite.objects.count() == 2 and Follow.objects.count() == 1
    assert "favourites" not in client.session


def test_a_favourite_made_before_sign_up_survives_sign_up(pieces):
    client = Client()
    _heart(client, pieces[2].product.pk)  # a sold-out piece can be loved too
    client.post(
        "/en/account/signup/",
        {"display_name": "Sofía", "email": "sofia@example.es", "password": CHOSEN},
    )
    link = link_in(mails_to("sofia@example.es", "account_verify")[0])
    assert client.post(link, {"password": CHOSEN}).status_code == 302
    user = User.objects.get(email="sofia@example.es")
    assert list(user.favourites.values_list("product_id", flat=True)) == [pieces[2].product.pk]


def test_a_session_cannot_put_favourites_into_someone_elses_account(pieces):
    victim = UserFactory(email="victim@example.com")
    client = Client()
    _heart(client, pieces[0].product.pk)
    # Signing up with an address that already has an account logs nobody in.
    client.post(
        "/en/account/signup/",
        {"display_name": "X", "email": "victim@example.com", "password": CHOSEN},
    )
    assert not victim.favourites.exists()


def test_the_shop_sees_how_many_love_its_pieces_and_the_public_never_does(pieces, shop):
    loved = pieces[0].product
    for _ in range(3):
        Favourite.objects.create(user=UserFactory(), product=loved)
    Follow.objects.create(user=UserFactory(), shop=shop, told_until=loved.created_at)
    owner = UserFactory()
    shop.artisan.user = owner
    shop.artisan.save()
    seller = Client()
    seller.force_login(owner)
    dashboard = seller.get("/en/sell/dashboard/").content.decode()
    assert "3 people love this" in dashboard and "1 person follows your shop" in dashboard
    # The piece is named in the dashboard's language, not the first title the model has.
    loved.title_ar, loved.title_fr, loved.title_en = "طاجين", "Tajine bleu", "Blue tajine"
    loved.save(update_fields=["title_ar", "title_fr", "title_en"])
    for lang, title, other in (("fr", "Tajine bleu", "طاجين"), ("ar", "طاجين", "Tajine bleu")):
        page = seller.get(f"/{lang}/sell/dashboard/").content.decode()
        loved_box = page[page.index('data-testid="loved"') :][:2000]
        assert title in loved_box and other not in loved_box
    public = Client().get(f"/en/p/{loved.slug}/").content.decode()
    assert "love this" not in public and "people love" not in public
    api = Client().get(f"/api/v1/products/{loved.slug}/").content.decode()
    assert "favourite" not in api and "love" not in api
    listing = Client().get(f"/en/shops/{shop.slug}/").content.decode()
    assert "love this" not in listing and "follows your shop" not in listing


def test_personal_state_is_this_visitors_own(pieces):
    alice, bob = UserFactory(), UserFactory()
    Favourite.objects.create(user=alice, product=pieces[0].product)
    Favourite.objects.create(user=bob, product=pieces[1].product)
    seen = {}
    for user in (alice, bob):
        client = Client()
        client.force_login(user)
        response = client.get("/_personal/")
        assert "no-store" in response["Cache-Control"] and "Cookie" in response["Vary"]
        seen[user.pk] = json.loads(response.content)["favourites"]["products"]
    assert seen == {alice.pk: [pieces[0].product.pk], bob.pk: [pieces[1].product.pk]}
    anonymous = Client()
    _heart(anonymous, pieces[1].product.pk)
    assert anonymous.get("/_personal/").json()["favourites"]["products"] == [pieces[1].product.pk]
    assert Client().get("/_personal/").json()["favourites"]["products"] == []


def test_follow_without_javascript_and_unfollow(shop, buyer):
    client = Client()
    client.force_login(buyer)
    assert client.post("/en/favourites/follow/", {"shop": shop.pk}).status_code == 302
    follow = buyer.follows.get()
    assert follow.shop == shop and follow.digest is True
    assert client.post("/en/favourites/follow/", {"shop": "nope"}).status_code == 404
    assert client.post("/en/favourites/unfollow/", {"shop": shop.pk}).status_code == 302
    assert not buyer.follows.exists()
    pending = ShopFactory(status="pending")
    assert client.post("/en/favourites/follow/", {"shop": pending.pk}).status_code == 404
    assert not buyer.follows.exists()

"""Hearts and recently viewed pieces are per visitor, while catalogue pages stay shared: the
page cache still serves them to visitors without a session, and never holds anyone's state."""

import re

import pytest
from django.test import Client

from marketplace.favourites import services
from tests.factories import ProductFactory, UserFactory, VariantFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TOKEN_RE = re.compile(r'(?<=name="csrfmiddlewaretoken" value=")[^"]*')
HEART_RE = re.compile(r'<button name="product" value="(\d+)" aria-pressed="(\w+)"')


def hearts(body: str) -> dict[int, str]:
    """Return each heart button's piece and state in a page."""
    return {int(pk): state for pk, state in HEART_RE.findall(body)}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def shelf():
    return [VariantFactory(stock=2).product for _ in range(3)]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, TOKEN_RE.sub("", response.content.decode())


@pytest.mark.parametrize("url", ["/es/", "/es/products/", "product"])
def test_pages_with_hearts_stay_shared_and_hold_no_ones_favourites(shelf, url):
    if url == "product":
        url = f"/es/p/{shelf[0].slug}/"
    alice, bob = UserFactory(), UserFactory()
    services.favourite_add(user=alice, product_id=shelf[0].pk)
    services.favourite_add(user=bob, product_id=shelf[1].pk)
    visitor = Client()
    _page(visitor, url)
    first, anonymous = _page(visitor, url)
    assert first["X-Page-Cache"] == "hit"  # a visitor without a session: from the cache
    assert hearts(anonymous) and set(hearts(anonymous).values()) == {"false"}
    for user in (alice, bob):
        client = Client()
        client.force_login(user)
        response, body = _page(client, url)
        assert response["X-Page-Cache"] == "hit"  # the shared page, their own header
        assert hearts(body) == hearts(anonymous)  # no heart is ever on in a shared page
    # A visitor who loved a piece in the session gets the same shared page, then a cache hit.
    session_visitor = Client()
    session_visitor.post("/es/favourites/add/", {"product": shelf[2].pk})
    _page(session_visitor, url)  # with its "saved" message: its own page, once
    response, body = _page(session_visitor, url)
    assert response["X-Page-Cache"] == "hit" and hearts(body) == hearts(anonymous)
    assert re.sub(r'<nav class="header-actions".*?</nav>', "", anonymous, flags=re.S) == re.sub(
        r'<nav class="header-actions".*?</nav>', "", body, flags=re.S
    )
    again, _ = _page(Client(), url)
    assert again["X-Page-Cache"] == "hit"


def test_recently_viewed_cards_come_from_the_browsers_own_list(shelf):
    hidden = ProductFactory(status="draft")
    client = Client()
    ids = f"{shelf[2].pk},{hidden.pk},x,{shelf[0].pk},{shelf[2].pk}"
    response = client.get(f"/es/favourites/recent/?ids={ids}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "Cookie" in response["Vary"]
    data = response.json()
    assert data["ids"] == [shelf[2].pk, shelf[0].pk]  # order kept, drafts and junk left out
    assert data["html"].count('class="card product-card"') == 2
    assert f"/es/p/{shelf[2].slug}/" in data["html"]
    assert client.get("/es/favourites/recent/").json() == {"ids": [], "html": ""}
    # The home page has the empty place for them, and nothing of any visitor in it.
    home = client.get("/es/").content.decode()
    assert 'data-testid="recently-viewed"' in home and "hidden" in home

"""Fragments kept in the web process (cards, facet counts, a product's rows) stay as true as
the ones in Redis; the CSRF token of a rendered page works like Django's own."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from marketplace.caching.fragments import local
from marketplace.catalogue.models import Product
from tests.factories.catalogue import VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BYPASS = {"HTTP_X_BENCH_BYPASS": "1"}  # the page rendered, its fragments read from the caches


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"


@pytest.fixture
def piece():
    variant = VariantFactory(product__title_fr="Tajine bleu de Fès", price=Decimal("400.00"))
    return Product.objects.get(pk=variant.product_id)


def listing(lang="fr"):
    response = Client().get(f"/{lang}/products/", **BYPASS)
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_kept_in_this_process_shows_a_change_at_once(piece):
    assert "Tajine bleu de Fès" in listing()
    assert local.size > 0  # the card (and the counts) are kept here too
    piece.title_fr = "Tajine vert de Tamegroute"
    piece.save()
    body = listing()
    assert "Tajine vert de Tamegroute" in body and "Tajine bleu de Fès" not in body


def test_copies_kept_in_this_process_are_dropped_when_the_cache_lost_its_stamps(piece):
    assert "Tajine bleu de Fès" in listing()
    piece.title_fr = "Tajine vert de Tamegroute"
    piece.save()  # stamps the card…
    cache.clear()  # …and the stamp is lost with the cache (a Redis restart)
    body = listing()
    assert "Tajine vert de Tamegroute" in body and "Tajine bleu de Fès" not in body


def test_a_product_page_read_from_this_process_is_a_copy(piece):
    """A view changing the objects it read must not change them for the next visitor."""
    from marketplace.caching import deps
    from marketplace.caching import request as state
    from marketplace.catalogue import fragments

    Client().get(f"/fr/p/{piece.slug}/", **BYPASS)  # the product's rows kept here
    cache.delete(f"product-page:{piece.slug}")  # so only this process's copy can answer
    token = state.begin(state.RequestState(clock=deps.read_clock(), epoch=deps.read_epoch()))
    try:
        first = fragments.product_page(slug=piece.slug, user=None)
        first.title_fr = "changed in one request"
        again = fragments.product_page(slug=piece.slug, user=None)
    finally:
        state.end(token)
    assert again.title_fr == "Tajine bleu de Fès"


def test_a_rendered_page_gives_a_new_visitor_a_token_that_works(piece, settings):
    client = Client(enforce_csrf_checks=True)
    response = client.get(f"/fr/p/{piece.slug}/", **BYPASS)
    secret = response.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = TOKEN_RE.findall(response.content.decode())
    assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    sent = client.post("/fr/currency/", {"currency": "EUR", "next": "/fr/", **{
        "csrfmiddlewaretoken": tokens[0]}})  # fmt: skip
    assert sent.status_code == 302
    # A known visitor keeps the same secret; its cookie is sent again, as Django does.
    again = client.get(f"/fr/p/{piece.slug}/", **BYPASS)
    assert again.cookies[settings.CSRF_COOKIE_NAME].value == secret
    assert TOKEN_RE.findall(again.content.decode())[0] != tokens[0]  # a new mask each time

"""The shared-cache side without Varnish: headers on the way out, purges that never break."""

import re
import socket
from decimal import Decimal

import pytest
from django.test import Client

from marketplace.caching import edge
from marketplace.catalogue.models import Product
from tests.factories.catalogue import VariantFactory


def test_the_ban_pattern_matches_whole_keys_only():
    pattern = re.compile(edge.VarnishPurger.pattern({"product:1", "list:cat:5"}))
    assert pattern.search("shop:3 product:1 rates")
    assert pattern.search("list:cat:5")
    assert not pattern.search("product:12 list:cat:55 stock:1")


def test_an_unreachable_varnish_is_logged_and_never_raises(caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    edge.VarnishPurger(urls=[f"http://127.0.0.1:{port}/"], timeout=0.5).purge({"product:1"})
    assert any("did not take the ban" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_a_shared_cache_gets_a_page_without_anything_personal(settings):
    settings.PAGE_CACHE_ENABLED = True
    variant = VariantFactory(product__title_fr="Coussin en cuir", price=Decimal("250.00"))
    url = f"/fr/p/{Product.objects.get(pk=variant.product_id).slug}/"
    for _ in range(2):  # rendered, then served from the page cache
        response = Client().get(url, HTTP_SURROGATE_CAPABILITY="souk=ESI/1.0")
        body = response.content.decode()
        assert 'name="csrfmiddlewaretoken" value=""' in body
        assert not response.cookies
        assert "s-maxage=" in response["Cache-Control"] and "public" in response["Cache-Control"]
        keys = response["Surrogate-Key"].split()
        assert f"product:{variant.product_id}" in keys and f"stock:{variant.product_id}" in keys
    direct = Client().get(url)  # the same page to a browser: its own token, no keys
    assert "Surrogate-Key" not in direct
    assert 'name="csrfmiddlewaretoken" value=""' not in direct.content.decode()

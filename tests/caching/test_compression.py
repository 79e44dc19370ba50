"""Text answers go out gzipped, stored pages included; photos never; each answer's CSRF token
differs, so compression leaks nothing about it (BREACH, marketplace/core/compression.py)."""

import gzip
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from marketplace.core.compression import TextGZipMiddleware
from tests.factories.catalogue import VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_the_production_stack_compresses_below_whitenoise_and_above_the_page_caches():
    stack = settings.MIDDLEWARE
    gzip_at = stack.index("marketplace.core.compression.TextGZipMiddleware")
    assert stack.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at
    assert gzip_at < stack.index("marketplace.caching.pages.AnonymousPageCacheMiddleware")
    assert gzip_at < stack.index("marketplace.caching.pages.PageCacheMiddleware")


def test_pages_are_gzipped_rendered_and_from_the_page_cache(client):
    product = VariantFactory(product__title_fr="Tajine bleu de Fès", price=Decimal("400")).product
    url = f"/fr/p/{product.slug}/"
    bodies = []
    for expected in ("miss", "hit", "hit"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "Tajine bleu de Fès" in html
        assert len(response.content) < len(html.encode()) / 3
        bodies.append(html)
    tokens = [TOKEN_RE.search(html).group(1) for html in bodies]
    assert len(set(tokens)) == 3  # a fresh mask on every answer, cached or not


def test_a_browser_that_does_not_ask_gets_plain_html(client):
    product = VariantFactory().product
    for _ in range(2):
        response = client.get(f"/fr/p/{product.slug}/")
        assert "Content-Encoding" not in response
        assert response.content.startswith(b"<!doctype html>")


def test_gzip_carries_random_padding_against_breach():
    """Two answers of the same bytes differ in length: Django's "Heal the Breach" padding."""
    middleware = TextGZipMiddleware(lambda request: None)
    lengths = set()
    for _ in range(20):
        response = HttpResponse(b"<p>same</p>" * 100, content_type="text/html; charset=utf-8")
        out = middleware.process_response(RequestFactory().get("/", **GZIP), response)
        lengths.add(len(out.content))
    assert len(lengths) > 1


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("application/json", True),
        ("text/csv", True),
        ("image/jpeg", False),
        ("image/webp", False),
        ("application/pdf", False),
    ],
)
def test_only_text_is_compressed(content_type, compressed):
    middleware = TextGZipMiddleware(lambda request: None)
    response = HttpResponse(b"a" * 2000, content_type=content_type)
    out = middleware.process_response(RequestFactory().get("/", **GZIP), response)
    assert (out.get("Content-Encoding") == "gzip") is compressed

"""base.html's shell (marketplace/caching/shell.py): kept per language and currency for
anonymous visitors, it must give every page exactly what rendering it in full gives, and never
one visitor's path, query, token or name to another."""

import re
from decimal import Decimal

import pytest
from django import template
from django.test import Client

from tests.factories import UserFactory
from tests.factories.catalogue import VariantFactory

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _normal(html: str) -> str:
    return TOKEN_RE.sub(r'\1…"', html)  # a fresh CSRF mask on every answer


@pytest.fixture
def pages():
    piece = VariantFactory(product__title_fr="Tajine bleu de Fès", price=Decimal("400")).product
    return [
        "/{lang}/",
        f"/{{lang}}/c/{piece.category.slug}/",
        "/{lang}/products/?sort=price_asc",
        "/{lang}/search/?q=tajine",
        "/{lang}/search/?q=%22%3E%3Cscript%3E",
        f"/{{lang}}/p/{piece.slug}/",
        f"/{{lang}}/shops/{piece.shop.slug}/",
        "/{lang}/account/login/?next=/fr/cart/",
        "/{lang}/cart/",
    ]


@pytest.mark.parametrize("lang", ["ar", "fr", "en", "es"])
@pytest.mark.parametrize("currency", ["MAD", "EUR"])
def test_every_page_is_the_same_with_the_shell_kept_or_rendered_in_full(
    pages, lang, currency, settings
):
    visitor = Client()
    if currency != "MAD":
        visitor.post(f"/{lang}/currency/", {"currency": currency, "next": f"/{lang}/"})
    kept, full = [], []
    settings.SHELL_CACHE = True
    # Each page after the first is answered with the shell another page left.
    for url in pages:
        response = visitor.get(url.format(lang=lang))
        assert response.status_code == 200, url
        kept.append(_normal(response.content.decode()))
    settings.SHELL_CACHE = False
    for url in pages:
        full.append(_normal(visitor.get(url.format(lang=lang)).content.decode()))
    for url, with_shell, without in zip(pages, kept, full, strict=True):
        assert with_shell == without, url
    # The path-dependent parts are this page's, not the page that filled the shell.
    search = kept[3]
    assert 'value="tajine"' in search
    assert f"next=/{lang}/search/%3Fq%3Dtajine" in search
    assert re.search(r'hreflang="en" href="[^"]*/en/search/\?q=tajine"', search)
    assert "&lt;script&gt;" in kept[4] and '<script>"' not in kept[4]


def test_a_signed_in_visitor_gets_their_own_header_never_a_kept_one(pages, settings):
    settings.SHELL_CACHE = True
    Client().get("/fr/")  # an anonymous visitor fills the shell
    nadia = Client()
    nadia.force_login(UserFactory(display_name="Nadia", email="nadia@example.com"))
    body = nadia.get("/fr/").content.decode()
    assert "nadia@example.com" in body and 'data-menu="logout"' in body
    assert 'data-menu="login"' not in body
    after = Client().get("/fr/").content.decode()
    assert "Nadia" not in after and "nadia@example.com" not in after
    assert 'data-menu="login"' in after


def test_a_part_rendered_per_request_must_not_hide_inside_a_kept_tag():
    engine = template.engines["django"]
    with pytest.raises(template.TemplateSyntaxError, match="direct part of the shell"):
        engine.from_string(
            "{% load caching %}{% shell %}{% if x %}{% per_request %}{{ y }}"
            "{% endper_request %}{% endif %}{% endshell %}"
        )

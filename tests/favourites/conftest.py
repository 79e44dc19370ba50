"""Fixtures for favourites, alerts and reminders: a shop, pieces in stock and sold out."""

import re
from urllib.parse import urlparse

import pytest

from marketplace.core.models import OutboxEmail
from tests.factories import ShopFactory, UserFactory, VariantFactory


@pytest.fixture
def shop():
    return ShopFactory()


@pytest.fixture
def pieces(shop):
    """Two pieces in stock and one sold out (one variant each)."""
    return (
        VariantFactory(product__shop=shop, stock=4),
        VariantFactory(product__shop=shop, stock=2),
        VariantFactory(product__shop=shop, stock=0),
    )


@pytest.fixture
def buyer():
    return UserFactory(language="fr")


def mails(kind: str, to: str | None = None) -> list[OutboxEmail]:
    """Return the outbox e-mails of a kind (to one address), oldest first."""
    found = OutboxEmail.objects.filter(kind=kind).order_by("pk")
    return list(found.filter(to_email=to) if to else found)


def links_in(mail: OutboxEmail) -> list[str]:
    """Return the paths of the site links in an e-mail's text, in order."""
    return [urlparse(url).path for url in re.findall(r"https?://\S+", mail.body_text)]

"""Cached pages follow label claims: a verified or lapsed label shows at once, nothing else goes
stale (the claim stamps its product or shop and its label, never the whole catalogue)."""

import pytest
from django.test import Client

from marketplace.caching.deps import EVERYTHING, stamps
from marketplace.provenance import services
from marketplace.provenance.models import LabelClaim
from tests.factories import ProductFactory

from .conftest import pdf_upload

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def _hit(client, url) -> str:
    client.get(url)
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit", url
    return again.content.decode()


def test_a_verified_then_withdrawn_claim_shows_at_once_on_cached_pages(cast):
    client = Client()
    page = f"/en/p/{cast.product.slug}/"
    listing = f"/en/products/?label={cast.label.slug}"
    elsewhere = ProductFactory(shop=cast.other_shop, category=cast.product.category)
    other = f"/en/p/{elsewhere.slug}/"
    assert "Morocco Handmade label" not in _hit(client, page)
    assert cast.product.title_en not in _hit(client, listing)
    _hit(client, other)
    everything_before = stamps([EVERYTHING])[EVERYTHING]

    claim = services.label_claim_submit(
        shop=cast.shop, actor=cast.manager, label_id=cast.label.pk,
        certificate_number="MH-1", document=pdf_upload(),
    )  # fmt: skip
    services.label_claim_verify(claim_id=claim.pk, actor=cast.moderator)
    assert "Morocco Handmade label" in client.get(page).content.decode()
    assert cast.product.title_en in client.get(listing).content.decode()
    # Another shop's page was not touched, nor the whole catalogue.
    assert client.get(other)["X-Page-Cache"] == "hit"
    assert stamps([EVERYTHING])[EVERYTHING] == everything_before

    services.label_claim_withdraw(claim_id=claim.pk, shop=cast.shop, actor=cast.manager)
    assert LabelClaim.objects.get(pk=claim.pk).status == "withdrawn"
    assert "Morocco Handmade label" not in client.get(page).content.decode()
    assert cast.product.title_en not in client.get(listing).content.decode()


def test_a_product_pages_labels_are_read_once_and_still_lapse_on_their_date(
    cast, settings, monkeypatch, django_assert_num_queries
):
    """The labels are a fragment of the product page (no query when the page is rendered
    again, e.g. in another currency), and an expiry date passing hides them without a write."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.provenance import selectors
    from tests.provenance.conftest import verified_claim

    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"  # rendered each time, as a miss
    verified_claim(cast, expires_in_days=0)  # valid until the end of today
    client = Client(HTTP_X_BENCH_BYPASS="1")
    page = f"/en/p/{cast.product.slug}/"
    assert "Morocco Handmade label" in client.get(page).content.decode()
    with django_assert_num_queries(0):  # the product's rows and labels both kept
        assert "Morocco Handmade label" in client.get(page).content.decode()

    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: tomorrow)
    assert "Morocco Handmade label" not in client.get(page).content.decode()

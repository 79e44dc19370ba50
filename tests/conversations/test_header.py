"""The header's unread count: on every signed-in page, the visitor's own, even on a cached page;
never on a page served to anonymous visitors. "Ask the maker" is a plain link in cached pages."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.conversations.services import conversation_start, message_send

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_unread_counts_come_with_each_visitors_own_header_on_cached_pages(cast):
    cast.buyer.currency = "MAD"  # the page the anonymous visitor stored, in the same currency
    cast.buyer.save(update_fields=["currency"])
    conversation, _ = conversation_start(buyer=cast.buyer, shop_id=cast.shop.pk, text="Hello")
    for text in ("Salam!", "Yes we can", "Here is a photo soon"):
        message_send(conversation_id=conversation.pk, sender=cast.manager, text=text)
    url = f"/en/p/{cast.product.slug}/"
    anon = Client()
    anon.get(url)
    first = anon.get(url)
    assert first["X-Page-Cache"] == "hit"
    assert 'data-testid="inbox-unread"' not in first.content.decode()
    assert 'data-testid="ask-maker"' in first.content.decode()
    assert f"/en/messages/new/?shop={cast.shop.slug}&amp;product={cast.product.slug}" in (
        first.content.decode()
    )

    buyer, manager = Client(), Client()
    buyer.force_login(cast.buyer)
    manager.force_login(cast.manager)
    as_buyer, as_manager = buyer.get(url), manager.get(url)
    assert as_buyer["X-Page-Cache"] == "hit" and as_manager["X-Page-Cache"] == "hit"
    assert 'data-testid="inbox-unread">3<' in as_buyer.content.decode()
    assert 'data-testid="inbox-unread"' not in as_manager.content.decode()  # read their own
    # Reading the conversation clears the count on the very next cached page.
    buyer.get(f"/en/messages/{conversation.pk}/")
    assert 'data-testid="inbox-unread"' not in buyer.get(url).content.decode()
    assert 'data-testid="inbox-unread"' not in anon.get(url).content.decode()

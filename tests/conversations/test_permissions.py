"""Who may read a conversation: its buyer, the shop's order-handling members, staff (audited).

Everyone else (a cooperative's plain member, another seller, another buyer) gets 404 on every
page and API endpoint, exactly as for a conversation that does not exist; anonymous visitors
are asked to log in (401 in the API). Nothing is written by a refused request.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from marketplace.conversations.models import Conversation, Message
from marketplace.conversations.services import (
    commission_post_progress,
    conversation_start,
    quote_accept,
    quote_create,
)
from marketplace.moderation.models import AuditEntry
from tests.factories.accounts import PASSWORD

from .conftest import US_ADDRESS, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(cast):
    conversation, message = conversation_start(
        buyer=cast.buyer,
        shop_id=cast.shop.pk,
        text="Hello, can you make it in blue?",
        photos=[photo()],
        product_id=cast.product.pk,
    )
    quote = quote_create(
        conversation_id=conversation.pk,
        actor=cast.manager,
        description="Blue carpet",
        price_mad="2000",
        lead_time_days=20,
        deposit_percent=40,
    )
    commission = quote_accept(
        quote_id=quote.pk, buyer=cast.buyer, address=US_ADDRESS, currency="USD"
    )
    return {
        "conversation": conversation,
        "photo": message.photos.get(),
        "quote": quote,
        "commission": commission,
    }


def _web_urls(t) -> list[str]:
    c, p = t["conversation"].pk, t["photo"].pk
    return [
        f"/en/messages/{c}/",
        f"/en/messages/photos/{p}/thumb/",
        f"/en/messages/photos/{p}/full/",
        f"/en/messages/commissions/{t['commission'].pk}/",
    ]


def _api_urls(t) -> list[str]:
    c, p = t["conversation"].pk, t["photo"].pk
    return [
        f"/api/v1/conversations/{c}/",
        f"/api/v1/conversations/{c}/messages/",
        f"/api/v1/conversations/{c}/photos/{p}/",
        f"/api/v1/quotes/{t['quote'].pk}/",
        f"/api/v1/commissions/{t['commission'].pk}/",
    ]


def _api_posts(t) -> list[tuple[str, dict]]:
    c = t["conversation"].pk
    return [
        (f"/api/v1/conversations/{c}/messages/", {"text": "hi"}),
        (f"/api/v1/conversations/{c}/read/", {}),
        (f"/api/v1/conversations/{c}/block/", {"blocked": True}),
        (
            f"/api/v1/conversations/{c}/quotes/",
            {
                "description": "x",
                "price_mad": "10.00",
                "lead_time_days": 3,
                "deposit_percent": 20,
            },
        ),
        (f"/api/v1/quotes/{t['quote'].pk}/decline/", {}),
        (f"/api/v1/commissions/{t['commission'].pk}/cancel/", {}),
        (f"/api/v1/commissions/{t['commission'].pk}/progress/", {"text": "x"}),
    ]


def _api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _counts():
    return (
        Message.objects.count(),
        Conversation.objects.filter(blocked_by_buyer_at__isnull=False).count(),
    )


@pytest.mark.parametrize("who", ["member", "other_seller", "stranger"])
def test_everyone_else_gets_404_on_the_web_and_in_the_api(cast, thread, client, who):
    user = getattr(cast, who)
    client.login(email=user.email, password=PASSWORD)
    for url in _web_urls(thread):
        assert client.get(url).status_code == 404, url
    before = _counts()
    for url in (f"/en/messages/{thread['conversation'].pk}/send/",):
        assert client.post(url, {"text": "hi"}).status_code == 404
    api = _api(user)
    for url in _api_urls(thread):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    for url, body in _api_posts(thread):
        assert api.post(url, body, format="json").status_code == 404, url
    assert _counts() == before
    assert not AuditEntry.objects.filter(action="conversation.read").exists()


def test_anonymous_visitors_must_log_in(thread, client):
    for url in _web_urls(thread):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url in _api_urls(thread):
        assert _api(None).get(url).status_code == 401, url


@pytest.mark.parametrize("who", ["buyer", "manager"])
def test_the_buyer_and_the_shops_order_handlers_read_it(cast, thread, client, who):
    user = getattr(cast, who)
    client.login(email=user.email, password=PASSWORD)
    for url in _web_urls(thread):
        assert client.get(url).status_code == 200, url
    api = _api(user)
    for url in _api_urls(thread):
        assert api.get(url).status_code == 200, url
    assert not AuditEntry.objects.filter(action="conversation.read").exists()


def test_staff_read_it_and_each_reading_is_audited(cast, thread, client):
    client.login(email=cast.moderator.email, password=PASSWORD)
    conversation = thread["conversation"]
    page = client.get(f"/en/messages/{conversation.pk}/")
    assert page.status_code == 200
    assert "recorded in the audit log" in page.content.decode()
    entries = AuditEntry.objects.filter(action="conversation.read", actor=cast.moderator)
    assert entries.count() == 1
    assert entries.get().object_id == str(conversation.pk)
    assert _api(cast.moderator).get(f"/api/v1/conversations/{conversation.pk}/").status_code == 200
    assert entries.count() == 2
    # Staff read but never write, and their reading marks nothing as read.
    response = _api(cast.moderator).post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"text": "hi"}, format="json"
    )
    assert response.status_code == 403
    conversation.refresh_from_db()
    assert conversation.shop_unread > 0


def test_a_cooperative_answers_as_itself_naming_the_member(cast, thread):
    api = _api(cast.manager)
    pk = thread["conversation"].pk
    answer = api.post(f"/api/v1/conversations/{pk}/messages/", {"text": "نعم، ممكن"}, format="json")
    assert answer.status_code == 201
    assert answer.json()["side"] == "shop"
    assert answer.json()["sender_name"] == "Fatima Ait Ali"
    page = _api(cast.buyer).get(f"/api/v1/conversations/{pk}/")
    assert page.json()["shop"]["name"] == "Tifawin"


def test_photos_are_private_files_stripped_of_metadata(cast, thread, client, settings):
    from PIL import Image

    stored = thread["photo"]
    assert not stored.image.name.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        stored.image.url  # noqa: B018 (no public URL at all)
    client.login(email=cast.buyer.email, password=PASSWORD)
    response = client.get(f"/en/messages/photos/{stored.pk}/full/")
    assert response["Cache-Control"].startswith("private")
    import io

    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not image.getexif()  # no GPS, no camera name
    assert client.get(f"/media/{stored.image.name}").status_code == 404


def test_read_receipts_and_unread_counts(cast, thread, client):
    pk = thread["conversation"].pk
    buyer_api, shop_api = _api(cast.buyer), _api(cast.manager)
    mine = buyer_api.post(f"/api/v1/conversations/{pk}/messages/", {"text": "Any news?"})
    assert mine.json()["seen"] is False
    client.login(email=cast.manager.email, password=PASSWORD)
    header = client.get("/en/messages/shop/").content.decode()
    assert 'data-testid="inbox-unread"' in header
    client.get(f"/en/messages/{pk}/")  # the manager opens it
    listed = buyer_api.get(f"/api/v1/conversations/{pk}/messages/").json()["results"]
    assert [m["seen"] for m in listed if m["id"] == mine.json()["id"]] == [True]
    assert shop_api.get(f"/api/v1/conversations/{pk}/").json()["unread"] == 0


def test_progress_photos_reach_the_buyer_only(cast, thread, client):
    from django.db import transaction  # noqa: F401

    commission = thread["commission"]
    # The deposit is marked paid the way the webhook would (orders' own service).
    from marketplace.conversations.services import commission_sync
    from marketplace.orders.services import order_mark_paid

    order_mark_paid(order_id=commission.deposit_order_id)
    commission_sync(commission_id=commission.pk)
    update = commission_post_progress(
        commission_id=commission.pk, actor=cast.manager, text="Half done", photos=[photo()]
    )
    shot = update.photos.get()
    client.login(email=cast.buyer.email, password=PASSWORD)
    assert client.get(f"/en/messages/photos/{shot.pk}/thumb/").status_code == 200
    client.login(email=cast.member.email, password=PASSWORD)
    assert client.get(f"/en/messages/photos/{shot.pk}/thumb/").status_code == 404

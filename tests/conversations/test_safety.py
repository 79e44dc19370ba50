"""Keeping conversations safe: reports to moderators (warn, hide, suspend), blocks, rate limits."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from marketplace.conversations.errors import ConversationError, ConversationErrorCode
from marketplace.conversations.models import Message
from marketplace.conversations.services import conversation_start, message_send
from marketplace.core.models import OutboxEmail
from marketplace.moderation.models import AuditEntry, Flag
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def talk(cast):
    conversation, first = conversation_start(
        buyer=cast.buyer, shop_id=cast.shop.pk, text="Is the blue one still available?"
    )
    rude = message_send(conversation_id=conversation.pk, sender=cast.manager, text="Pay me cash!")
    return conversation, first, rude


def test_the_recipient_reports_a_message_and_a_moderator_sees_the_conversation(cast, talk, client):
    conversation, _first, rude = talk
    answer = _api(cast.buyer).post(
        "/api/v1/reports/",
        {"kind": "message", "id": rude.pk, "reason": "fraud", "note": "asks for cash"},
        format="json",
    )
    assert answer.status_code == 201
    flag = Flag.objects.get()
    assert (flag.target_kind, flag.target, flag.reporter) == ("message", rude, cast.buyer)
    # Only the side that received it may report it: not its sender, not a stranger.
    for who in (cast.manager, cast.stranger):
        refused = _api(who).post(
            "/api/v1/reports/", {"kind": "message", "id": rude.pk, "reason": "spam"}, format="json"
        )
        assert refused.status_code in (400, 404)
    assert Flag.objects.count() == 1

    client.login(email=cast.moderator.email, password=PASSWORD)
    queue = client.get("/en/moderation/reports/").content.decode()
    assert f"/moderation/reports/message/{rude.pk}/" in queue
    page = client.get(f"/en/moderation/reports/message/{rude.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Pay me cash!" in body and "Is the blue one still available?" in body
    assert AuditEntry.objects.filter(
        action="conversation.read", object_id=str(conversation.pk), actor=cast.moderator
    ).exists()

    client.post(
        f"/en/moderation/reports/message/{rude.pk}/",
        {"resolution": "warned", "note": "Payments stay on Souk."},
    )
    flag.refresh_from_db()
    assert (flag.status, flag.resolution) == ("resolved", "warned")
    warning = OutboxEmail.objects.get(kind="moderation.message_warning")
    assert warning.to_email == cast.manager.email and warning.language == "ar"
    assert AuditEntry.objects.filter(action="report.warn").exists()


def test_suspending_a_shops_message_suspends_the_shop(cast, talk):
    from marketplace.moderation.services import flag_create, flag_resolve

    _conversation, _first, rude = talk
    flag_create(kind="message", pk=rude.pk, reason="fraud", reporter=cast.buyer)
    flag_resolve(kind="message", pk=rude.pk, actor=cast.moderator, resolution="suspended")
    cast.shop.refresh_from_db()
    assert cast.shop.status == "suspended"


def test_suspending_a_buyers_message_stops_their_messaging(cast, talk):
    from marketplace.moderation.services import flag_create, flag_resolve

    conversation, first, _rude = talk
    flag_create(kind="message", pk=first.pk, reason="offensive", reporter=cast.manager)
    flag_resolve(kind="message", pk=first.pk, actor=cast.moderator, resolution="suspended")
    with pytest.raises(ConversationError) as refused:
        message_send(conversation_id=conversation.pk, sender=cast.buyer, text="hello?")
    assert refused.value.code == ConversationErrorCode.SUSPENDED
    assert refused.value.status == 403


def test_hiding_a_message_hides_it_from_both_sides(cast, talk):
    from marketplace.moderation.services import flag_create, flag_resolve

    conversation, _first, rude = talk
    flag_create(kind="message", pk=rude.pk, reason="spam", reporter=cast.buyer)
    flag_resolve(kind="message", pk=rude.pk, actor=cast.moderator, resolution="hidden")
    texts = [
        m["text"]
        for m in _api(cast.buyer)
        .get(f"/api/v1/conversations/{conversation.pk}/messages/")
        .json()["results"]
    ]
    assert "Pay me cash!" not in texts


def test_a_blocked_sender_can_no_longer_write(cast, talk):
    conversation, _first, _rude = talk
    blocked = _api(cast.buyer).post(
        f"/api/v1/conversations/{conversation.pk}/block/", {"blocked": True}, format="json"
    )
    assert blocked.json()["blocked_by_me"] is True
    before = Message.objects.count()
    refused = _api(cast.manager).post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"text": "hello"}, format="json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "conversation_blocked"
    assert Message.objects.count() == before
    _api(cast.buyer).post(
        f"/api/v1/conversations/{conversation.pk}/block/", {"blocked": False}, format="json"
    )
    assert (
        _api(cast.manager)
        .post(
            f"/api/v1/conversations/{conversation.pk}/messages/", {"text": "hello"}, format="json"
        )
        .status_code
        == 201
    )


def test_senders_are_rate_limited(cast, talk, settings):
    settings.CONVERSATION_MESSAGE_RATE = "3/10min"
    conversation, _first, _rude = talk
    api = _api(cast.buyer)
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    codes = [api.post(url, {"text": f"n{i}"}, format="json").status_code for i in range(4)]
    # The message that opened the conversation counts too: two more, then 429.
    assert codes == [201, 201, 429, 429]
    assert Message.objects.filter(conversation=conversation, body__startswith="n").count() == 2
    # Another sender has their own allowance.
    assert _api(cast.manager).post(url, {"text": "ok"}, format="json").status_code == 201


def test_batched_email_one_per_conversation_per_quiet_period(cast, talk):
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.conversations.services import conversations_notify_due

    conversation, _first, _rude = talk
    for text in ("and the red one?", "and the price?"):
        message_send(conversation_id=conversation.pk, sender=cast.buyer, text=text)
    now = timezone.now()
    assert conversations_notify_due(now=now) == 0  # still in the quiet period
    later = now + timedelta(minutes=11)
    # One e-mail to the manager for both messages; none to the buyer, who answered (and so
    # has read) the shop's message.
    assert conversations_notify_due(now=later) == 1
    assert not OutboxEmail.objects.filter(to_email=cast.buyer.email).exists()
    shop_mail = OutboxEmail.objects.get(to_email=cast.manager.email, kind="conversation_shop")
    assert shop_mail.language == "ar"
    assert "على سوق" in shop_mail.body_text  # written in the manager's language
    assert "and the red one?" in shop_mail.body_text and "and the price?" in shop_mail.body_text
    assert conversations_notify_due(now=later + timedelta(minutes=30)) == 0  # nothing new
    message_send(conversation_id=conversation.pk, sender=cast.buyer, text="hello again")
    # Reading before the period ends cancels the e-mail.
    from marketplace.conversations.services import conversation_mark_read

    conversation_mark_read(conversation_id=conversation.pk, user=cast.manager)
    assert conversations_notify_due(now=later + timedelta(hours=1)) == 0

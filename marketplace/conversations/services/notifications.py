"""Batched e-mail about new messages: one per conversation, side and quiet period, not per message.

A first unread message sets the side's `*_notify_at` to now + the quiet period
(CONVERSATION_EMAIL_QUIET_MINUTES, 10); messages arriving meanwhile join it. When it is due and
the side has still not read them, each of its people gets one e-mail listing them, in their
own language; reading the conversation first cancels it. The beat task runs every minute.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.core.emails import email_queue

from .. import display
from ..models import Conversation, Message, Side
from ..selectors import shop_handlers


def _link(conversation: Conversation, side: str, language: str) -> str:
    with translation.override(language):
        name = "conversations:thread" if side == Side.BUYER else "conversations:shop_thread"
        return settings.SITE_URL + reverse(name, kwargs={"pk": conversation.pk})


def _lines(messages: list[Message], language: str) -> list[dict]:
    with translation.override(language):
        return [
            {
                "who": message.sender_name or "Souk",
                "text": display.event_text(message.body)
                if message.kind == Message.Kind.EVENT
                else display.plain(message.shown),
                "photos": message.photo_count,
            }
            for message in messages
        ]


def _notify_side(conversation: Conversation, side: str) -> int:
    upto = conversation.read_upto(side)
    others = [Side.SYSTEM, Side.SHOP if side == Side.BUYER else Side.BUYER]
    messages = list(
        Message.objects.filter(
            conversation=conversation, pk__gt=upto, side__in=others, hidden_at__isnull=True
        )
        .annotate(photo_count=Count("photos"))
        .order_by("pk")
    )
    if not messages:
        return 0
    last = messages[-1].pk
    if side == Side.BUYER:
        people = [conversation.buyer] if conversation.buyer.is_active else []
    else:
        people = shop_handlers(conversation.shop)
    sent = 0
    for person in people:
        language = person.language if person.language in dict(settings.LANGUAGES) else "fr"
        context = {
            "conversation": conversation,
            "shop": conversation.shop,
            "buyer_name": conversation.buyer.get_short_name(),
            "side": side,
            "lines": _lines(messages, language),
            "count": len(messages),
            "link": _link(conversation, side, language),
        }
        if email_queue(
            key=f"conversation:{conversation.pk}:{side}:{person.pk}:{last}",
            kind=f"conversation_{side}",
            to=person.email,
            template="conversations_new_messages",
            context=context,
            language=language,
        ):
            sent += 1
    return sent


def conversations_notify_due(*, now=None) -> int:
    """Send the e-mails whose quiet period ended and whose messages are still unread."""
    now = now or timezone.now()
    due = Conversation.objects.filter(
        Q(buyer_notify_at__lte=now) | Q(shop_notify_at__lte=now)
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:500]):
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update(of=("self",))
                .select_related("buyer", "shop")
                .get(pk=pk)
            )
            for side in (Side.BUYER, Side.SHOP):
                at = getattr(conversation, f"{side}_notify_at")
                if at is None or at > now:
                    continue
                if conversation.unread_for(side):
                    sent += _notify_side(conversation, side)
                setattr(conversation, f"{side}_notify_at", None)
            conversation.save(update_fields=["buyer_notify_at", "shop_notify_at"])
    return sent

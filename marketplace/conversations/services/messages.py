"""Starting conversations, sending and reading messages, blocking, staff reading (audited)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.orders.models import Order

from ..errors import ConversationError, ConversationErrorCode
from ..models import Conversation, Message, MessagingBan, Side
from ..selectors import Access, conversation_access, handled_shop_ids
from .common import (
    audit,
    check_not_banned,
    check_not_blocked,
    content_clean,
    photos_clean,
    photos_store,
    rate_check,
    sender_name,
    shown_text,
)


def quiet_period() -> timedelta:
    """How long after a first unread message its e-mail waits, gathering the next ones."""
    return timedelta(minutes=getattr(settings, "CONVERSATION_EMAIL_QUIET_MINUTES", 10))


def sending_access(*, user, conversation_id: int) -> Access:
    """Return the sender's access; staff read conversations but never write in them."""
    access = conversation_access(user=user, conversation_id=conversation_id)
    if access.staff:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    check_not_banned(user)
    check_not_blocked(access.conversation, access.side)
    return access


def message_post_locked(
    conversation: Conversation,
    *,
    sender,
    side: str,
    kind: str = Message.Kind.TEXT,
    text: str = "",
    cleaned_photos=(),
    now=None,
    **links,
) -> Message:
    """Add a message to a conversation the caller has locked; count it unread for the other side.

    `text` is masked here when the two have no paid order yet. Quotes, progress updates and
    events are messages too, so they land in the same thread, inbox and e-mail.
    """
    now = now or timezone.now()
    shown, masked = shown_text(conversation, text) if side != Side.SYSTEM else (text, False)
    message = Message.objects.create(
        conversation=conversation,
        sender=sender if getattr(sender, "pk", None) else None,
        side=side,
        sender_name=sender_name(sender, side) if getattr(sender, "pk", None) else "",
        kind=kind,
        body=text,
        shown=shown,
        masked=masked,
        **links,
    )
    if cleaned_photos:
        photos_store(message, list(cleaned_photos))
    updates = {"last_message_at": now, "updated_at": now}
    due = now + quiet_period()
    recipients = (
        [Side.BUYER, Side.SHOP]
        if side == Side.SYSTEM
        else [Side.SHOP if side == Side.BUYER else Side.BUYER]
    )
    for recipient in recipients:
        updates[f"{recipient}_unread"] = F(f"{recipient}_unread") + 1
        if getattr(conversation, f"{recipient}_notify_at") is None:
            updates[f"{recipient}_notify_at"] = due
            setattr(conversation, f"{recipient}_notify_at", due)
    if side in (Side.BUYER, Side.SHOP):
        # The sender has read everything up to their own message.
        updates[f"{side}_read_upto"] = message.pk
        updates[f"{side}_unread"] = 0
        updates[f"{side}_notify_at"] = None
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
    conversation.last_message_at = now
    return message


def message_send(*, conversation_id: int, sender, text: str = "", photos=(), now=None) -> Message:
    """Send text and/or photos in a conversation; contact details masked before a paid order."""
    text, photos = content_clean(text, photos)
    access = sending_access(user=sender, conversation_id=conversation_id)
    cleaned = photos_clean(photos)  # by content, before any lock
    rate_check(kind="message", user=sender)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        check_not_blocked(conversation, access.side)
        return message_post_locked(
            conversation,
            sender=sender,
            side=access.side,
            text=text,
            cleaned_photos=cleaned,
            now=now,
        )


def conversation_start(
    *,
    buyer,
    shop_id: int,
    text: str = "",
    photos=(),
    product_id: int | None = None,
    order_number: str | None = None,
    now=None,
) -> tuple[Conversation, Message]:
    """Open (or reopen) the buyer's conversation with a shop and send the first message.

    From a product page (`product_id`), a shop page, or one of the buyer's orders
    (`order_number`); the piece or order is shown with the message.
    """
    text, photos = content_clean(text, photos)
    shop = Shop.objects.filter(pk=shop_id).first()
    if shop is None:
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    if shop.status != Shop.Status.VERIFIED:
        raise ConversationError(ConversationErrorCode.SHOP_UNAVAILABLE)
    if shop.pk in handled_shop_ids(buyer):
        raise ConversationError(ConversationErrorCode.OWN_SHOP)
    check_not_banned(buyer)
    links = {}
    if product_id is not None:
        product = Product.objects.filter(
            pk=product_id, shop=shop, status=Product.Status.PUBLISHED
        ).first()
        if product is None:
            raise ConversationError(ConversationErrorCode.NOT_FOUND)
        links["product"] = product
    if order_number:
        order = Order.objects.filter(
            number=order_number, buyer=buyer, shop_orders__shop=shop
        ).first()
        if order is None:
            raise ConversationError(ConversationErrorCode.NOT_FOUND)
        links["order"] = order
    cleaned = photos_clean(photos)
    conversation = Conversation.objects.filter(buyer=buyer, shop=shop).first()
    if conversation is None:
        rate_check(kind="start", user=buyer)
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(buyer=buyer, shop=shop, **links)
        except IntegrityError:  # opened at the same moment (double click): use that one
            conversation = Conversation.objects.get(buyer=buyer, shop=shop)
    rate_check(kind="message", user=buyer)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        check_not_blocked(locked, Side.BUYER)
        message = message_post_locked(
            locked,
            sender=buyer,
            side=Side.BUYER,
            text=text,
            cleaned_photos=cleaned,
            now=now,
            **links,
        )
    return locked, message


def conversation_mark_read(*, conversation_id: int, user) -> int:
    """Mark every message the user's side received as read (staff reading marks nothing).

    Answers the id read up to (what read receipts compare with).
    """
    access = conversation_access(user=user, conversation_id=conversation_id)
    if access.staff:
        return 0
    side = access.side
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        last = (
            Message.objects.filter(conversation=conversation)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0
        if conversation.read_upto(side) >= last and not conversation.unread_for(side):
            return last
        Conversation.objects.filter(pk=conversation.pk).update(
            **{f"{side}_unread": 0, f"{side}_read_upto": last, f"{side}_notify_at": None}
        )
    return last


def conversation_staff_open(*, conversation_id: int, actor, reason: str = "") -> Access:
    """Let staff read a conversation, writing who read it and why in the audit log."""
    access = conversation_access(user=actor, conversation_id=conversation_id)
    if not access.staff:
        return access
    with transaction.atomic():
        audit(actor=actor, action="conversation.read", obj=access.conversation, reason=reason)
    return access


def conversation_block(*, conversation_id: int, user, blocked: bool = True) -> Conversation:
    """Block (or unblock) the other side: they can no longer send in this conversation."""
    access = conversation_access(user=user, conversation_id=conversation_id)
    if access.staff:
        raise ConversationError(ConversationErrorCode.NOT_ALLOWED)
    field = f"blocked_by_{access.side}_at"
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        value = (getattr(conversation, field) or timezone.now()) if blocked else None
        setattr(conversation, field, value)
        conversation.save(update_fields=[field, "updated_at"])
    return conversation


def message_hide(*, message_id: int, actor, reason: str = "") -> Message:
    """Hide a message from both sides (a moderator's decision on a report), audited."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.hidden_at is None:
            message.hidden_at = timezone.now()
            message.save(update_fields=["hidden_at"])
            audit(actor=actor, action="message.hide", obj=message, reason=reason)
    return message


def messaging_ban(*, user_id: int, actor, reason: str = "") -> MessagingBan:
    """Suspend an account from sending messages (a moderator's decision), audited."""
    with transaction.atomic():
        ban, created = MessagingBan.objects.get_or_create(
            user_id=user_id, defaults={"reason": reason, "created_by": actor}
        )
        if created:
            audit(actor=actor, action="messaging.suspend", obj=ban, reason=reason)
    return ban

"""Reads for conversations: who may read what, inboxes and unread counts, the seller's pieces."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from artisans.models import Shop
from artisans.selectors import shop_order_handlers, shops_handled_by
from marketplace.orders.models import ShopOrder
from marketplace.orders.status import ShopOrderStatus as S

from .errors import ConversationError, ConversationErrorCode
from .models import Commission, Conversation, Message, MessagePhoto, Quote, Side

# Commissions the shop is still working on or has to ship.
OPEN_COMMISSIONS = (
    Commission.Status.DEPOSIT_PAID,
    Commission.Status.IN_PROGRESS,
    Commission.Status.AWAITING_BALANCE,
    Commission.Status.BALANCE_PAID,
)


def handled_shop_ids(user) -> list[int]:
    """Return the shops whose orders (and so messages) this user handles.

    An artisan's own shop, and the shops of cooperatives where the user is a manager: the same
    people who accept and ship orders. Plain members of a cooperative do not.
    """
    return shops_handled_by(user)


def shop_handlers(shop: Shop) -> list:
    """Return the active accounts that answer for the shop (artisan, or cooperative managers)."""
    return shop_order_handlers(shop)


@dataclass(frozen=True, slots=True)
class Access:
    """How a user reads a conversation: as its buyer, for its shop, or as staff (audited)."""

    conversation: Conversation
    side: str  # Side.BUYER, Side.SHOP, or "staff"

    @property
    def staff(self) -> bool:
        return self.side == "staff"

    @property
    def other_side(self) -> str:
        return Side.SHOP if self.side == Side.BUYER else Side.BUYER


def conversation_access(*, user, conversation_id: int) -> Access:
    """Return how the user may read this conversation; NOT_FOUND (404) for anyone else."""
    conversation = (
        Conversation.objects.select_related("shop", "buyer", "product", "order")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or user is None or not getattr(user, "is_authenticated", False):
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    if conversation.buyer_id == user.pk:
        return Access(conversation, Side.BUYER)
    if conversation.shop_id in handled_shop_ids(user):
        return Access(conversation, Side.SHOP)
    if user.is_staff:
        return Access(conversation, "staff")
    raise ConversationError(ConversationErrorCode.NOT_FOUND)


def conversation_messages(*, conversation: Conversation, staff: bool = False) -> QuerySet:
    """Return a conversation's messages in order, with photos, quotes and commissions."""
    qs = Message.objects.filter(conversation=conversation)
    if not staff:
        qs = qs.filter(hidden_at__isnull=True)
    return (
        qs.select_related("quote", "commission", "product", "order")
        .prefetch_related(Prefetch("photos", MessagePhoto.objects.order_by("pk")))
        .order_by("pk")
    )


def inbox(*, user, side: str, shop_ids: list[int] | None = None) -> QuerySet[Conversation]:
    """Return the user's conversations as a buyer, or their shops' ones, latest first."""
    if side == Side.BUYER:
        qs = Conversation.objects.filter(buyer=user)
    else:
        qs = Conversation.objects.filter(
            shop_id__in=handled_shop_ids(user) if shop_ids is None else shop_ids
        )
    return (
        qs.filter(last_message_at__isnull=False)
        .select_related("shop", "buyer", "product")
        .order_by("-last_message_at", "-pk")
    )


def unread_count(*, user) -> int:
    """Return how many messages wait unread for the user, as a buyer and for their shops.

    One query; none for anonymous visitors (the header shows counts on signed-in pages only).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    shops = handled_shop_ids(user)
    sums = Conversation.objects.filter(Q(buyer=user) | Q(shop_id__in=shops)).aggregate(
        buyer=Sum("buyer_unread", filter=Q(buyer=user)),
        shop=Sum("shop_unread", filter=Q(shop_id__in=shops)),
    )
    return (sums["buyer"] or 0) + (sums["shop"] or 0)


def message_photo_for(*, user, photo_id: int) -> tuple[MessagePhoto, Access]:
    """Return a photo the user may see (a side of its conversation, or staff); else 404."""
    photo = MessagePhoto.objects.select_related("message").filter(pk=photo_id).first()
    if photo is None:
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    access = conversation_access(user=user, conversation_id=photo.message.conversation_id)
    if photo.message.hidden_at is not None and not access.staff:
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    return photo, access


def quote_for(*, user, quote_id: int) -> tuple[Quote, Access]:
    """Return a quote and the user's access to its conversation (404 for anyone else)."""
    quote = Quote.objects.filter(pk=quote_id).first()
    if quote is None:
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    return quote, conversation_access(user=user, conversation_id=quote.conversation_id)


def commission_for(*, user, commission_id: int) -> tuple[Commission, Access]:
    """Return a commission and the user's access to its conversation (404 for anyone else)."""
    commission = (
        Commission.objects.select_related("quote", "deposit_order", "balance_order", "shop")
        .filter(pk=commission_id)
        .first()
    )
    if commission is None:
        raise ConversationError(ConversationErrorCode.NOT_FOUND)
    return commission, conversation_access(user=user, conversation_id=commission.conversation_id)


def commissions_for_buyer(*, user) -> QuerySet[Commission]:
    """Return the buyer's commissioned pieces, newest first."""
    return Commission.objects.filter(buyer=user).select_related("shop").order_by("-pk")


def shop_commission_board(*, shop: Shop, now=None) -> dict:
    """What the seller's dashboard shows: open quotes, pieces in progress by due date, overdue."""
    now = now or timezone.now()
    quotes = list(
        Quote.objects.filter(shop=shop, status=Quote.Status.OPEN, expires_at__gt=now)
        .select_related("conversation__buyer")
        .order_by("expires_at", "pk")
    )
    working = list(
        Commission.objects.filter(shop=shop, status__in=OPEN_COMMISSIONS)
        .select_related("buyer", "balance_order")
        .order_by("due_at", "pk")
    )
    for commission in working:
        commission.is_overdue = commission.overdue(now)
        commission.left = commission.days_left(now)
    return {
        "quotes": quotes,
        "commissions": working,
        "overdue": sum(1 for c in working if c.is_overdue),
    }


def pair_has_paid_order(*, buyer_id: int, shop_id: int) -> bool:
    """Tell whether the buyer has paid an order to this shop (a commission's deposit counts)."""
    return ShopOrder.objects.filter(
        shop_id=shop_id, order__buyer_id=buyer_id, paid_at__isnull=False
    ).exists()


# --- commissions: what a side may do now (reads; the writes are services/commissions.py) ------
C = Commission.Status
FINAL = (C.SHIPPED, C.DELIVERED, C.CANCELLED, C.LAPSED)


def commission_part(order_id: int | None) -> ShopOrder | None:
    """Return the one shop order of a commission's order (read, not locked)."""
    if order_id is None:
        return None
    return ShopOrder.objects.filter(order_id=order_id).first()


def commission_payable_order(commission: Commission):
    """Return the order the buyer must pay now (deposit, then balance), or NOTHING_TO_PAY."""
    if commission.status == C.AWAITING_DEPOSIT:
        return commission.deposit_order
    if commission.status == C.AWAITING_BALANCE and commission.balance_order_id:
        return commission.balance_order
    raise ConversationError(ConversationErrorCode.NOTHING_TO_PAY)


def commission_cancel_terms(commission: Commission, side: str, now=None) -> str | None:
    """Return what cancelling now means for this side: refunded, forfeited, or None (not allowed).

    Buyer: before the work starts, everything back; after, the deposit stays with the shop
    unless the shop missed its lead time; never once the shop accepted the paid balance.
    Shop: everything back to the buyer, until the piece ships.
    """
    now = now or timezone.now()
    status = commission.status
    if status in FINAL:
        return None
    balance = commission_part(commission.balance_order_id)
    if balance is not None and balance.status not in (S.PENDING_PAYMENT, S.PAID):
        return None  # accepted by the shop: it ships through the normal order flow now
    if side == Side.SHOP:
        return Commission.Outcome.REFUNDED
    if status in (C.AWAITING_DEPOSIT, C.DEPOSIT_PAID) or commission.overdue(now):
        return Commission.Outcome.REFUNDED
    return Commission.Outcome.FORFEITED

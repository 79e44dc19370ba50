"""Every write of the conversations app, one module per subject, re-exported here."""

from .commissions import (
    commission_cancel,
    commission_decide,
    commission_mark_ready,
    commission_post_progress,
    commission_start_work,
    commission_sync,
    commissions_sync_open,
    commissions_sync_order,
)
from .messages import (
    conversation_block,
    conversation_mark_read,
    conversation_staff_open,
    conversation_start,
    message_hide,
    message_send,
    messaging_ban,
)
from .notifications import conversations_notify_due
from .quotes import quote_accept, quote_create, quote_decline, quote_prices, quote_withdraw

__all__ = [
    "commission_cancel",
    "commission_decide",
    "commission_mark_ready",
    "commission_post_progress",
    "commission_start_work",
    "commission_sync",
    "commissions_sync_open",
    "commissions_sync_order",
    "conversation_block",
    "conversation_mark_read",
    "conversation_staff_open",
    "conversation_start",
    "conversations_notify_due",
    "message_hide",
    "message_send",
    "messaging_ban",
    "quote_accept",
    "quote_create",
    "quote_decline",
    "quote_prices",
    "quote_withdraw",
]

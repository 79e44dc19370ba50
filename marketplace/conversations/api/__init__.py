"""API: conversations, messages with photos, quotes, commissioned pieces, for buyers and shops.

Every object is answered only to its buyer, the shop's order-handling members and staff (whose
reading is audited); anyone else gets 404, the answer for an object that does not exist.
"""

from .commissions import (
    CommissionCancel,
    CommissionDetail,
    CommissionList,
    CommissionPayment,
    CommissionPaymentSetup,
    CommissionProgress,
    CommissionReady,
    CommissionStart,
    QuoteAccept,
    QuoteCreate,
    QuoteDecline,
    QuoteDetail,
    QuoteWithdraw,
)
from .conversations import (
    ConversationBlock,
    ConversationDetail,
    ConversationList,
    ConversationPhoto,
    ConversationRead,
    MessageList,
)

__all__ = [
    "CommissionCancel",
    "CommissionDetail",
    "CommissionList",
    "CommissionPayment",
    "CommissionPaymentSetup",
    "CommissionProgress",
    "CommissionReady",
    "CommissionStart",
    "ConversationBlock",
    "ConversationDetail",
    "ConversationList",
    "ConversationPhoto",
    "ConversationRead",
    "MessageList",
    "QuoteAccept",
    "QuoteCreate",
    "QuoteDecline",
    "QuoteDetail",
    "QuoteWithdraw",
]

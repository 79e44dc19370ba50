"""API for moderators (queues, decisions with reasons, reports) and for reporting an item."""

from .views import (
    IsModerator,
    ProductApprove,
    ProductQueue,
    ProductReject,
    Queues,
    ReportCreate,
    ReportQueue,
    ReportResolve,
    ReviewCheck,
    ReviewHide,
    ReviewQueue,
    ShopQueue,
    ShopReinstate,
    ShopReject,
    ShopSuspend,
    ShopVerify,
)

__all__ = [
    "IsModerator",
    "ProductApprove",
    "ProductQueue",
    "ProductReject",
    "Queues",
    "ReportCreate",
    "ReportQueue",
    "ReportResolve",
    "ReviewCheck",
    "ReviewHide",
    "ReviewQueue",
    "ShopQueue",
    "ShopReinstate",
    "ShopReject",
    "ShopSuspend",
    "ShopVerify",
]

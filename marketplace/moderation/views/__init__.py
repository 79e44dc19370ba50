"""The moderator workspace (moderators and administrators only) and the public report form."""

from .analytics import analytics_csv, analytics_page, audit_log
from .products import product_action, product_bulk, product_detail, product_queue
from .provenance import claim_document as label_claim_document
from .provenance import dispute_resolve, label_action, label_queue
from .reports import report_create, report_detail, report_queue
from .reviews import review_action, review_queue
from .shops import dashboard, shop_action, shop_detail, shop_document, shop_queue

__all__ = [
    "analytics_csv",
    "analytics_page",
    "audit_log",
    "dashboard",
    "dispute_resolve",
    "label_action",
    "label_claim_document",
    "label_queue",
    "product_action",
    "product_bulk",
    "product_detail",
    "product_queue",
    "report_create",
    "report_detail",
    "report_queue",
    "review_action",
    "review_queue",
    "shop_action",
    "shop_detail",
    "shop_document",
    "shop_queue",
]

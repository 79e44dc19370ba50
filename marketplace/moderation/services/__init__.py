"""Writes for moderation, one module per subject, re-exported here."""

from .audit import audit_record, diff_fields
from .flags import flag_create, flag_rate_limited, flag_resolve
from .products import product_approve, product_bulk_approve, product_bulk_reject, product_reject
from .shops import shop_reinstate, shop_reject, shop_suspend, shop_verify

__all__ = [
    "audit_record",
    "diff_fields",
    "flag_create",
    "flag_rate_limited",
    "flag_resolve",
    "product_approve",
    "product_bulk_approve",
    "product_bulk_reject",
    "product_reject",
    "shop_reinstate",
    "shop_reject",
    "shop_suspend",
    "shop_verify",
]

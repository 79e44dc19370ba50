"""Writes for artisans, cooperatives and shops, one module per subject, re-exported here.

Product writes live in marketplace.catalogue.services (listing, photos).
"""

from .application import (
    document_clean,
    seller_application_start,
    seller_identity_update,
    shop_document_add,
    shop_document_delete,
    shop_profile_update,
    shop_submit_for_verification,
    unique_slug,
)
from .members import (
    cooperative_invite_accept,
    cooperative_invite_cancel,
    cooperative_invite_create,
    membership_remove,
    membership_set_role,
)
from .shop import shop_commission_set, shop_payout_update, shop_shipping_rates_set

__all__ = [
    "cooperative_invite_accept",
    "cooperative_invite_cancel",
    "cooperative_invite_create",
    "document_clean",
    "membership_remove",
    "membership_set_role",
    "seller_application_start",
    "seller_identity_update",
    "shop_commission_set",
    "shop_document_add",
    "shop_document_delete",
    "shop_payout_update",
    "shop_profile_update",
    "shop_shipping_rates_set",
    "shop_submit_for_verification",
    "unique_slug",
]

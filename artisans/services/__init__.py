"""Writes for sellers, one module per subject, re-exported here.

Product writes live in marketplace.catalogue.services (listing, photos) and are re-exported
so the contract's artisans.services.product_submit_for_review works.
"""

from marketplace.catalogue.services.listing import (
    product_archive,
    product_create,
    product_duplicate,
    product_submit_for_review,
    product_update,
    variant_create,
    variant_delete,
    variant_update,
)
from marketplace.catalogue.services.photos import (
    product_photo_delete,
    product_photo_move,
    product_photo_update,
    product_photos_add,
    product_photos_reorder,
)

from .application import (
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
from .shop import shop_payout_update, shop_shipping_rates_set

__all__ = [
    "cooperative_invite_accept",
    "cooperative_invite_cancel",
    "cooperative_invite_create",
    "membership_remove",
    "membership_set_role",
    "product_archive",
    "product_create",
    "product_duplicate",
    "product_photo_delete",
    "product_photo_move",
    "product_photo_update",
    "product_photos_add",
    "product_photos_reorder",
    "product_submit_for_review",
    "product_update",
    "seller_application_start",
    "seller_identity_update",
    "shop_document_add",
    "shop_document_delete",
    "shop_payout_update",
    "shop_profile_update",
    "shop_shipping_rates_set",
    "shop_submit_for_verification",
    "unique_slug",
    "variant_create",
    "variant_delete",
    "variant_update",
]

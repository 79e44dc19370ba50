"""Writes for the catalogue, one module per subject, re-exported here."""

from .listing import (
    ListingError,
    ListingErrorCode,
    product_archive,
    product_create,
    product_duplicate,
    product_missing,
    product_submit_for_review,
    product_update,
    variant_create,
    variant_delete,
    variant_update,
)
from .photos import (
    product_image_render,
    product_image_visibility_sync,
    product_images_visibility_sync,
    product_photo_delete,
    product_photo_move,
    product_photo_update,
    product_photos_add,
    product_photos_reorder,
)
from .search import product_search_index_update
from .summary import product_refresh_summary, products_refresh_material_bits

__all__ = [
    "ListingError",
    "ListingErrorCode",
    "product_archive",
    "product_create",
    "product_duplicate",
    "product_image_render",
    "product_image_visibility_sync",
    "product_images_visibility_sync",
    "product_missing",
    "product_photo_delete",
    "product_photo_move",
    "product_photo_update",
    "product_photos_add",
    "product_photos_reorder",
    "product_refresh_summary",
    "product_search_index_update",
    "product_submit_for_review",
    "product_update",
    "products_refresh_material_bits",
    "variant_create",
    "variant_delete",
    "variant_update",
]

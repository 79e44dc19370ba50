"""Seller pages under /<lang>/sell/, one module per area, re-exported for the URL map."""

from .dashboard import dashboard
from .joining import (
    application,
    application_submit,
    apply,
    document_delete,
    document_file,
    documents,
    identity,
    sell_home,
)
from .members import invite_accept, invite_cancel, member_remove, member_role, members
from .orders import order, order_accept, order_cancel, order_ship, orders, packing_slip
from .photos import photo_delete, photo_edit, photo_move, photos, photos_order
from .products import (
    product,
    product_archive,
    product_details,
    product_duplicate,
    product_new,
    product_submit,
    product_text,
    products,
    variant_delete,
    variant_edit,
    variants,
)
from .shop import cash_on_delivery, payout, shipping, shop_settings

__all__ = [
    "application",
    "application_submit",
    "apply",
    "cash_on_delivery",
    "dashboard",
    "document_delete",
    "document_file",
    "documents",
    "identity",
    "invite_accept",
    "invite_cancel",
    "member_remove",
    "member_role",
    "members",
    "order",
    "order_accept",
    "order_cancel",
    "order_ship",
    "orders",
    "packing_slip",
    "payout",
    "photo_delete",
    "photo_edit",
    "photo_move",
    "photos",
    "photos_order",
    "product",
    "product_archive",
    "product_details",
    "product_duplicate",
    "product_new",
    "product_submit",
    "product_text",
    "products",
    "sell_home",
    "shipping",
    "shop_settings",
    "variant_delete",
    "variant_edit",
    "variants",
]

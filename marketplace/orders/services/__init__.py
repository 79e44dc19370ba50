"""Writes for carts, checkout and the order state machine, one module per subject."""

from .accounts import guest_account_create
from .cart import (
    cart_add,
    cart_get_or_create,
    cart_merge,
    cart_remove,
    cart_update,
    parse_quantity,
)
from .checkout import order_place
from .custom import order_address_clean, order_place_custom
from .fulfilment import (
    order_hold,
    order_mark_confirmed,
    order_mark_paid,
    orders_mark_delivered_due,
    orders_mark_paid_locked,
    orders_release_unpaid,
    shop_order_accept,
    shop_order_cancel,
    shop_order_deliver,
    shop_order_refuse,
    shop_order_ship,
    shop_order_transition,
)
from .refunds import shop_order_refund_record

__all__ = [
    "cart_add",
    "cart_get_or_create",
    "cart_merge",
    "cart_remove",
    "cart_update",
    "guest_account_create",
    "order_address_clean",
    "order_hold",
    "order_mark_confirmed",
    "order_mark_paid",
    "order_place",
    "order_place_custom",
    "orders_mark_delivered_due",
    "orders_mark_paid_locked",
    "orders_release_unpaid",
    "parse_quantity",
    "shop_order_accept",
    "shop_order_cancel",
    "shop_order_deliver",
    "shop_order_refund_record",
    "shop_order_refuse",
    "shop_order_ship",
    "shop_order_transition",
]

"""API: the buyer's cart, checkout (idempotent), orders and cancelling them (paying: payments)."""

from .views import (
    CartLineDetail,
    CartLines,
    CartView,
    CheckoutView,
    OrderCancel,
    OrderDetail,
    OrderList,
)

__all__ = [
    "CartLineDetail",
    "CartLines",
    "CartView",
    "CheckoutView",
    "OrderCancel",
    "OrderDetail",
    "OrderList",
]

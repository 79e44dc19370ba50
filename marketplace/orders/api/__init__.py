"""API: the buyer's cart, checkout (idempotent), orders, cancelling and paying them."""

from .views import (
    CartLineDetail,
    CartLines,
    CartView,
    CheckoutView,
    OrderCancel,
    OrderDetail,
    OrderList,
    OrderPayment,
    OrderPaymentSetup,
)

__all__ = [
    "CartLineDetail",
    "CartLines",
    "CartView",
    "CheckoutView",
    "OrderCancel",
    "OrderDetail",
    "OrderList",
    "OrderPayment",
    "OrderPaymentSetup",
]

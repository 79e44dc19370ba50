"""The orders API's serializers, one module per subject: cart, checkout, orders, payments.

Every name is imported from here (payments, conversations and seller use them too).
"""

from .cart import (
    CartLineCreateSerializer,
    CartLineSerializer,
    CartLineUpdateSerializer,
    CartProductSerializer,
    CartSerializer,
    CartShopSerializer,
    CartVariantSerializer,
    cart_data,
)
from .checkout import (
    AddressSerializer,
    CheckoutConflictSerializer,
    CheckoutResponseSerializer,
    CheckoutSerializer,
    FailingLineSerializer,
    failing_lines,
)
from .common import RefSerializer, _country, _money, _zone
from .orders import (
    CancelSerializer,
    OrderLineSerializer,
    OrderSerializer,
    ShippingAddressOutSerializer,
    ShopOrderSerializer,
    _buyer_order,
    order_data,
    shipping_address_data,
)
from .payments import (
    CardSetupSerializer,
    CodConfirmationSerializer,
    PaymentSerializer,
    PayRequestSerializer,
    payment_data,
)

__all__ = [
    "AddressSerializer",
    "CancelSerializer",
    "CardSetupSerializer",
    "CartLineCreateSerializer",
    "CartLineSerializer",
    "CartLineUpdateSerializer",
    "CartProductSerializer",
    "CartSerializer",
    "CartShopSerializer",
    "CartVariantSerializer",
    "CheckoutConflictSerializer",
    "CheckoutResponseSerializer",
    "CheckoutSerializer",
    "CodConfirmationSerializer",
    "FailingLineSerializer",
    "OrderLineSerializer",
    "OrderSerializer",
    "PayRequestSerializer",
    "PaymentSerializer",
    "RefSerializer",
    "ShippingAddressOutSerializer",
    "ShopOrderSerializer",
    "_buyer_order",
    "_country",
    "_money",
    "_zone",
    "cart_data",
    "failing_lines",
    "order_data",
    "payment_data",
    "shipping_address_data",
]

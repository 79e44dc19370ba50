"""Error codes for carts, checkout and the order state machine."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class OrderErrorCode(ErrorCode):
    INVALID_QUANTITY = "invalid_quantity"
    NOT_AVAILABLE = "not_available"
    OUT_OF_STOCK = "out_of_stock"
    EMPTY_CART = "empty_cart"
    PRICE_CHANGED = "price_changed"
    NO_SHIPPING = "no_shipping"
    TOO_HEAVY = "too_heavy"
    INVALID_ADDRESS = "invalid_address"
    INVALID_CURRENCY = "invalid_currency"
    FORBIDDEN_TRANSITION = "forbidden_transition"
    NOT_CANCELLABLE = "not_cancellable"
    NOT_FOUND = "not_found"
    MISSING_TRACKING = "missing_tracking"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable"


class OrderError(DomainError):
    """A cart, checkout or order refusal with a clear message."""

    messages = {
        OrderErrorCode.INVALID_QUANTITY: _("Quantity must be a whole number from 1 to %(max)s."),
        OrderErrorCode.NOT_AVAILABLE: _("This piece is no longer for sale."),
        OrderErrorCode.OUT_OF_STOCK: _("Not enough stock: only %(available)s left of %(title)s."),
        OrderErrorCode.EMPTY_CART: _("Your cart is empty."),
        OrderErrorCode.PRICE_CHANGED: _(
            "A price changed since you added the piece to your cart. Please check the new total."
        ),
        OrderErrorCode.NO_SHIPPING: _("%(shop)s does not ship to this destination."),
        OrderErrorCode.TOO_HEAVY: _(
            "%(shop)s cannot ship a parcel of %(kg)s kg to this destination (at most "
            "%(max_kg)s kg). Please split your order or contact the shop."
        ),
        OrderErrorCode.INVALID_ADDRESS: _("Please complete the shipping address."),
        OrderErrorCode.INVALID_CURRENCY: _("This currency is not offered."),
        OrderErrorCode.FORBIDDEN_TRANSITION: _(
            "This order part cannot go from “%(current)s” to “%(target)s”."
        ),
        OrderErrorCode.NOT_CANCELLABLE: _("This order part can no longer be cancelled."),
        OrderErrorCode.NOT_FOUND: _("Order not found."),
        OrderErrorCode.MISSING_TRACKING: _("A carrier and a tracking number are required."),
        OrderErrorCode.IDEMPOTENCY_KEY_REUSED: _(
            "This Idempotency-Key was already used for a different checkout request. Use a "
            "new key for a new order."
        ),
        OrderErrorCode.INVALID_PAYMENT_METHOD: _("This way of paying is not offered."),
        OrderErrorCode.PAYMENT_METHOD_UNAVAILABLE: _(
            "Cash on delivery is not available for this order. %(reason)s"
        ),
    }
    statuses = {
        # Well-formed input that the cart's or the order's state refuses.
        OrderErrorCode.EMPTY_CART: 409,
        OrderErrorCode.NO_SHIPPING: 409,
        OrderErrorCode.TOO_HEAVY: 409,
        OrderErrorCode.OUT_OF_STOCK: 409,
        OrderErrorCode.NOT_AVAILABLE: 409,
        OrderErrorCode.PRICE_CHANGED: 409,
        OrderErrorCode.FORBIDDEN_TRANSITION: 409,
        OrderErrorCode.NOT_CANCELLABLE: 409,
        OrderErrorCode.NOT_FOUND: 404,
        # The key is already bound to another request: a conflict with the key's state.
        OrderErrorCode.IDEMPOTENCY_KEY_REUSED: 409,
        OrderErrorCode.PAYMENT_METHOD_UNAVAILABLE: 409,
    }

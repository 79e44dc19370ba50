"""Order states and the one table of allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopOrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    # Cash on delivery: the buyer confirmed the order with the code sent to their phone.
    CONFIRMED = "confirmed", _("Confirmed, to be paid on delivery")
    ACCEPTED = "accepted", _("Accepted by the shop")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    # Cash on delivery: the buyer refused the parcel (or it came back); the pieces return.
    REFUSED = "refused", _("Refused at delivery")


class OrderStatus(models.TextChoices):
    """The order's overall status, derived from its shop orders."""

    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CONFIRMED = "confirmed", _("Confirmed, to be paid on delivery")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    REFUSED = "refused", _("Refused at delivery")


class PaymentMethodCode(models.TextChoices):
    """How the buyer pays an order (payments/methods holds each method's behaviour)."""

    CARD = "card", _("Card")
    COD = "cod", _("Cash on delivery")


S = ShopOrderStatus
TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PAID, S.CONFIRMED, S.CANCELLED},
    S.PAID: {S.ACCEPTED, S.CANCELLED, S.REFUNDED},
    S.CONFIRMED: {S.ACCEPTED, S.CANCELLED},
    S.ACCEPTED: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED, S.REFUSED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
    S.REFUSED: set(),
}

# Steps only one payment method takes: a card order is paid, a cash-on-delivery order is
# confirmed by the buyer's code and may be refused at the door; nothing is refunded on a card
# for cash never taken.
M = PaymentMethodCode
METHOD_ONLY: dict[tuple[str, str], str] = {
    (S.PENDING_PAYMENT, S.PAID): M.CARD,
    (S.PENDING_PAYMENT, S.CONFIRMED): M.COD,
    (S.SHIPPED, S.REFUSED): M.COD,
    (S.PAID, S.REFUNDED): M.CARD,
    (S.ACCEPTED, S.REFUNDED): M.CARD,
    (S.SHIPPED, S.REFUNDED): M.CARD,
    (S.DELIVERED, S.REFUNDED): M.CARD,
}

# What the buyer may still cancel: until the shop accepts the part.
BUYER_CANCELLABLE = frozenset({S.PENDING_PAYMENT, S.PAID, S.CONFIRMED})
# A part the shop is to handle: paid by card, or confirmed for cash on delivery.
TO_HANDLE = frozenset({S.PAID, S.CONFIRMED})


def can_transition(current: str, target: str, *, method: str | None = None) -> bool:
    """Tell whether the table allows moving a shop order from `current` to `target`.

    `method` (the order's payment method) also rules out the steps of the other method.
    """
    if target not in TRANSITIONS.get(current, set()):
        return False
    only = METHOD_ONLY.get((current, target))
    return method is None or only is None or only == method


def derive_order_status(statuses: list[str]) -> str:
    """Return the order's status from its shop orders' statuses."""
    live = [s for s in statuses if s not in (S.CANCELLED, S.REFUNDED, S.REFUSED)]
    if not statuses:
        return OrderStatus.PENDING_PAYMENT
    if not live:
        if S.REFUSED in statuses:
            return OrderStatus.REFUSED
        return OrderStatus.REFUNDED if S.REFUNDED in statuses else OrderStatus.CANCELLED
    if all(s == S.PENDING_PAYMENT for s in live):
        return OrderStatus.PENDING_PAYMENT
    if all(s == S.DELIVERED for s in live):
        return OrderStatus.COMPLETED
    if all(s == S.PAID for s in live):
        return OrderStatus.PAID
    if all(s == S.CONFIRMED for s in live):
        return OrderStatus.CONFIRMED
    return OrderStatus.IN_PROGRESS

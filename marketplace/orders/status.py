"""Order states and the one table of allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopOrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    ACCEPTED = "accepted", _("Accepted by the shop")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class OrderStatus(models.TextChoices):
    """The order's overall status, derived from its shop orders."""

    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


S = ShopOrderStatus
TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PAID: {S.ACCEPTED, S.CANCELLED, S.REFUNDED},
    S.ACCEPTED: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}

# What the buyer may still cancel: until the shop accepts the part.
BUYER_CANCELLABLE = frozenset({S.PENDING_PAYMENT, S.PAID})


def can_transition(current: str, target: str) -> bool:
    """Tell whether the table allows moving a shop order from `current` to `target`."""
    return target in TRANSITIONS.get(current, set())


def derive_order_status(statuses: list[str]) -> str:
    """Return the order's status from its shop orders' statuses."""
    live = [s for s in statuses if s not in (S.CANCELLED, S.REFUNDED)]
    if not statuses:
        return OrderStatus.PENDING_PAYMENT
    if not live:
        return OrderStatus.REFUNDED if S.REFUNDED in statuses else OrderStatus.CANCELLED
    if all(s == S.PENDING_PAYMENT for s in live):
        return OrderStatus.PENDING_PAYMENT
    if all(s == S.DELIVERED for s in live):
        return OrderStatus.COMPLETED
    if all(s == S.PAID for s in live):
        return OrderStatus.PAID
    return OrderStatus.IN_PROGRESS

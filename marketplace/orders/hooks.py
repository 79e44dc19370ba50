"""Signals and hooks of the orders app, so higher apps take part without being imported.

`shop_order_changed` is sent inside the transaction of every status change of a shop order
(sender: ShopOrder; arguments: shop_order, from_status, to_status, actor). Receivers must not
lock rows of their own here (the order and shop order are locked): queue work after commit.
"""

from django.dispatch import Signal

from marketplace.core.hooks import Hook

shop_order_changed = Signal()

# --- What orders asks of the payments app ---------------------------------------------------
# Orders sits below payments (ARCHITECTURE.md): it never imports it. Payments registers these
# in its AppConfig.ready() (payments/apps.py); calling one that is not registered raises
# HookNotRegistered, so a rename on the payments side stops the order flow loudly instead of
# silently skipping a refund or a ledger credit.
payment_start_for_checkout = Hook(
    "orders.payment_start_for_checkout",
    "Create the Payment of an order just placed, in the checkout's transaction, and queue its "
    "PaymentIntent for after commit (no call to the provider): payment_start_for_checkout(*, "
    "order, just_placed=False) -> Payment | None (None: not paid by card).",
)
payment_cancel = Hook(
    "orders.payment_cancel", "Cancel the order's PaymentIntent: payment_cancel(*, order_id)."
)
payment_in_flight = Hook(
    "orders.payment_in_flight",
    "Tell whether a payment of the order is processing or succeeded: (order_id) -> bool.",
)
refund_create = Hook(
    "orders.refund_create",
    "Refund a shop order: refund_create(*, shop_order_id, actor, reason, idempotency_key).",
)
ledger_record_delivery = Hook(
    "orders.ledger_record_delivery",
    "Credit the shop's ledger for a delivered shop order: (*, shop_order_id).",
)

"""Every write of the payments app: paying, webhooks, refunds, the ledger and payouts."""

from .late import payment_cancel, payment_refund_late, payments_refund_late_due
from .ledger import (
    ledger_record_delivery,
    payout_release,
    payout_settle,
    payouts_create_due,
    payouts_hold_for_details_change,
)
from .payments import (
    payment_apply_failed,
    payment_apply_succeeded,
    payment_confirm,
    payment_start,
    payment_start_for_checkout,
    payment_sync,
    payments_apply_succeeded,
    payments_reconcile,
)
from .refunds import refund_create, refunds_record_from_charge
from .webhooks import (
    webhook_process,
    webhook_receive,
    webhooks_process_pending,
    webhooks_process_stale,
    webhooks_sweep,
)

__all__ = [
    "ledger_record_delivery",
    "payment_apply_failed",
    "payment_apply_succeeded",
    "payment_cancel",
    "payment_confirm",
    "payment_refund_late",
    "payment_start",
    "payment_start_for_checkout",
    "payment_sync",
    "payments_apply_succeeded",
    "payments_reconcile",
    "payments_refund_late_due",
    "payout_release",
    "payout_settle",
    "payouts_create_due",
    "payouts_hold_for_details_change",
    "refund_create",
    "refunds_record_from_charge",
    "webhook_process",
    "webhook_receive",
    "webhooks_process_pending",
    "webhooks_process_stale",
    "webhooks_sweep",
]

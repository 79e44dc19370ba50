"""Every write of the payments app: paying, webhooks, refunds, the ledger and payouts."""

from .cod_cash import (
    cod_cash_receive,
    cod_cash_record,
    cod_delivered_mark,
    cod_refusal_record,
)
from .cod_confirm import cod_code_resend, cod_code_verify, cod_confirmation_start
from .cod_remittance import cod_remittance_import
from .cod_terms import cod_block_lift, cod_block_set, cod_terms_set
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
    "cod_block_lift",
    "cod_block_set",
    "cod_cash_receive",
    "cod_cash_record",
    "cod_code_resend",
    "cod_code_verify",
    "cod_confirmation_start",
    "cod_delivered_mark",
    "cod_refusal_record",
    "cod_remittance_import",
    "cod_terms_set",
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

"""Every write of provenance, one service per change (see each module)."""

from .certificates import (
    certificate_payload,
    certificate_url,
    certificates_issue,
    certificates_resign,
)
from .keys import payload_sign, signing_key_active, signing_key_rotate
from .labels import (
    label_claim_refuse,
    label_claim_submit,
    label_claim_verify,
    label_claim_withdraw,
    label_claims_lapse,
)
from .payments import (
    member_payment_answer,
    member_payment_record,
    member_payment_resolve,
    member_payment_url,
)
from .splits import (
    line_splits_freeze,
    member_shares_record,
    piece_split,
    split_rule_set,
)

__all__ = [
    "certificate_payload",
    "certificate_url",
    "certificates_issue",
    "certificates_resign",
    "label_claim_refuse",
    "label_claim_submit",
    "label_claim_verify",
    "label_claim_withdraw",
    "label_claims_lapse",
    "line_splits_freeze",
    "member_payment_answer",
    "member_payment_record",
    "member_payment_resolve",
    "member_payment_url",
    "member_shares_record",
    "payload_sign",
    "piece_split",
    "signing_key_active",
    "signing_key_rotate",
    "split_rule_set",
]

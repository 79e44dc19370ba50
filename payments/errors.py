"""Payment error codes, with the plain-words message a buyer or staff member sees."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class PaymentErrorCode(ErrorCode):
    CARD_DECLINED = "card_declined"
    AUTHENTICATION_FAILED = "authentication_failed"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_REFUSED = "provider_refused"
    BAD_SIGNATURE = "bad_signature"
    ORDER_NOT_PAYABLE = "order_not_payable"
    NOT_PAID = "not_paid"
    NOTHING_TO_REFUND = "nothing_to_refund"
    REFUND_TOO_LARGE = "refund_too_large"
    PAYOUT_NOT_PENDING = "payout_not_pending"
    PAYOUT_HELD = "payout_held"
    PAYOUT_NOT_HELD = "payout_not_held"


# Decline codes Stripe sends, in words a buyer understands.
DECLINE_MESSAGES = {
    "insufficient_funds": _("Your card has insufficient funds. Please use another card."),
    "expired_card": _("Your card has expired. Please use another card."),
    "incorrect_cvc": _("The security code (CVC) is incorrect. Please check it and try again."),
    "incorrect_number": _("The card number is incorrect. Please check it and try again."),
    "processing_error": _("Your bank could not process the payment. Please try again."),
    "payment_intent_authentication_failure": _(
        "The 3-D Secure check was not completed, so nothing was charged. "
        "Please try again or use another card."
    ),
}
DEFAULT_DECLINE = _(
    "Your card was declined by your bank. Nothing was charged. Please try another card."
)


def decline_message(code: str) -> str:
    """Return the buyer-facing sentence for a Stripe decline or error code."""
    return str(DECLINE_MESSAGES.get(code, DEFAULT_DECLINE))


class PaymentError(DomainError):
    status = 400
    statuses = {
        PaymentErrorCode.CARD_DECLINED: 402,
        PaymentErrorCode.AUTHENTICATION_FAILED: 402,
        PaymentErrorCode.PROVIDER_UNAVAILABLE: 503,
        PaymentErrorCode.PROVIDER_REFUSED: 502,
        PaymentErrorCode.ORDER_NOT_PAYABLE: 409,
        PaymentErrorCode.NOT_PAID: 409,
        PaymentErrorCode.NOTHING_TO_REFUND: 409,
        PaymentErrorCode.REFUND_TOO_LARGE: 409,
        PaymentErrorCode.PAYOUT_NOT_PENDING: 409,
        PaymentErrorCode.PAYOUT_HELD: 409,
        PaymentErrorCode.PAYOUT_NOT_HELD: 409,
    }
    messages = {
        PaymentErrorCode.CARD_DECLINED: DEFAULT_DECLINE,
        PaymentErrorCode.AUTHENTICATION_FAILED: DECLINE_MESSAGES[
            "payment_intent_authentication_failure"
        ],
        PaymentErrorCode.PROVIDER_UNAVAILABLE: _(
            "The payment service is not answering right now. Nothing was charged; please try "
            "again in a minute."
        ),
        PaymentErrorCode.PROVIDER_REFUSED: _("The payment service refused this request."),
        PaymentErrorCode.BAD_SIGNATURE: _("Invalid or missing webhook signature."),
        PaymentErrorCode.ORDER_NOT_PAYABLE: _("This order cannot be paid any more."),
        PaymentErrorCode.NOT_PAID: _(
            "This order has not been paid, so there is nothing to refund."
        ),
        PaymentErrorCode.NOTHING_TO_REFUND: _("This shop order has already been fully refunded."),
        PaymentErrorCode.REFUND_TOO_LARGE: _(
            "The refund is larger than what is left to refund: what this shop order still "
            "holds, within what the payment actually captured."
        ),
        PaymentErrorCode.PAYOUT_NOT_PENDING: _("This payout has already been settled."),
        PaymentErrorCode.PAYOUT_HELD: _(
            "This payout is held: the shop's bank details changed. Check the change with the "
            "shop and release it first."
        ),
        PaymentErrorCode.PAYOUT_NOT_HELD: _("This payout is not held."),
    }

    def __init__(self, code, message=None, *, decline_code="", provider_code="", **kwargs):
        self.decline_code = decline_code
        self.provider_code = provider_code
        kwargs.pop("provider_message", None)
        if code == PaymentErrorCode.CARD_DECLINED and message is None:
            message = decline_message(decline_code or provider_code)
        super().__init__(code, message, **kwargs)

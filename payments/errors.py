"""Payment error codes, with the plain-words message a buyer or staff member sees."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class PaymentErrorCode(ErrorCode):
    CARD_DECLINED = "card_declined"
    AUTHENTICATION_FAILED = "authentication_failed"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_REFUSED = "provider_refused"
    PAYMENT_METHOD_INVALID = "payment_method_invalid"
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
        PaymentErrorCode.PAYMENT_METHOD_INVALID: 400,
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
        PaymentErrorCode.PAYMENT_METHOD_INVALID: _("Please enter your card details."),
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


class CodErrorCode(ErrorCode):
    NOT_COD = "not_cod"
    ALREADY_CONFIRMED = "already_confirmed"
    ORDER_RELEASED = "order_released"
    INVALID_CODE = "invalid_code"
    WRONG_CODE = "wrong_code"
    CODE_EXPIRED = "code_expired"
    CODE_USED_UP = "code_used_up"
    TOO_MANY_CODES = "too_many_codes"
    RESEND_TOO_SOON = "resend_too_soon"
    PHONE_RATE_LIMITED = "phone_rate_limited"
    WRONG_STATE = "wrong_state"
    BAD_AMOUNT = "bad_amount"
    AMOUNT_MISMATCH = "amount_mismatch"
    ALREADY_RECEIVED = "already_received"
    BAD_FILE = "bad_file"
    BAD_TERMS = "bad_terms"
    BAD_BLOCK = "bad_block"


class CodError(DomainError):
    """A cash-on-delivery refusal: a code, a remittance, a refusal or a shop's terms."""

    messages = {
        CodErrorCode.NOT_COD: _("This order is not paid on delivery."),
        CodErrorCode.ALREADY_CONFIRMED: _("This order is already confirmed."),
        CodErrorCode.ORDER_RELEASED: _(
            "This order was not confirmed in time and was released. Please order again."
        ),
        CodErrorCode.INVALID_CODE: _("Enter the %(digits)s-digit code we sent you."),
        CodErrorCode.WRONG_CODE: _("This code is not right. %(left)s tries left."),
        CodErrorCode.CODE_EXPIRED: _("This code has expired. Ask for a new one."),
        CodErrorCode.CODE_USED_UP: _("Too many wrong tries for this code. Ask for a new one."),
        CodErrorCode.TOO_MANY_CODES: _(
            "We already sent the most codes we can for this order. Please contact us."
        ),
        CodErrorCode.RESEND_TOO_SOON: _("Please wait %(seconds)s seconds before asking again."),
        CodErrorCode.PHONE_RATE_LIMITED: _(
            "Too many codes were sent to this number. Please try again in an hour."
        ),
        CodErrorCode.WRONG_STATE: _("This parcel cannot be recorded so: it is “%(status)s”."),
        CodErrorCode.BAD_AMOUNT: _("Enter the amount collected, in dirhams (e.g. 450.00)."),
        CodErrorCode.AMOUNT_MISMATCH: _(
            "The amount (%(amount)s MAD) does not match what the buyer owes (%(expected)s MAD)."
        ),
        CodErrorCode.ALREADY_RECEIVED: _("The cash for this parcel was already received."),
        CodErrorCode.BAD_FILE: _("This file cannot be read: %(detail)s"),
        CodErrorCode.BAD_TERMS: _("Enter a fee and a return cost of 0 to 500 MAD."),
        CodErrorCode.BAD_BLOCK: _("Give a valid phone number or a buyer, and a reason."),
    }
    statuses = {
        CodErrorCode.NOT_COD: 404,
        CodErrorCode.ALREADY_CONFIRMED: 409,
        CodErrorCode.ORDER_RELEASED: 409,
        CodErrorCode.CODE_USED_UP: 429,
        CodErrorCode.TOO_MANY_CODES: 429,
        CodErrorCode.RESEND_TOO_SOON: 429,
        CodErrorCode.PHONE_RATE_LIMITED: 429,
        CodErrorCode.WRONG_STATE: 409,
        CodErrorCode.AMOUNT_MISMATCH: 409,
        CodErrorCode.ALREADY_RECEIVED: 409,
    }
    retry_afters = {
        CodErrorCode.RESEND_TOO_SOON: 60,
        CodErrorCode.PHONE_RATE_LIMITED: 3600,
    }

"""Errors of provenance: label claims, splits, certificates and members' payments."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ProvenanceErrorCode(ErrorCode):
    NOT_FOUND = "not_found"
    LABEL_CLOSED = "label_closed"
    CLAIM_NOT_PENDING = "claim_not_pending"
    REASON_REQUIRED = "reason_required"
    BAD_DOCUMENT = "bad_document"
    NUMBER_REQUIRED = "number_required"
    ALREADY_EXPIRED = "already_expired"
    NOT_YOUR_PRODUCT = "not_your_product"
    SPLIT_NOT_100 = "split_not_100"
    SPLIT_BAD_MAKER = "split_bad_maker"
    NOT_A_COOPERATIVE = "not_a_cooperative"
    NOT_A_MEMBER = "not_a_member"
    BAD_SHARES = "bad_shares"
    BAD_AMOUNT = "bad_amount"
    ALREADY_ANSWERED = "already_answered"
    NOT_SHIPPED = "not_shipped"
    TOO_MANY_TRIES = "too_many_tries"


class ProvenanceError(DomainError):
    """A refusal about labels, splits, certificates or members' payments."""

    messages = {
        ProvenanceErrorCode.NOT_FOUND: _("Not found."),
        ProvenanceErrorCode.LABEL_CLOSED: _("This label is not open to claims."),
        ProvenanceErrorCode.CLAIM_NOT_PENDING: _("This claim has already been decided."),
        ProvenanceErrorCode.REASON_REQUIRED: _("Please give a reason."),
        ProvenanceErrorCode.BAD_DOCUMENT: _(
            "The certificate must be a PDF, JPEG or PNG file of at most 10 MB."
        ),
        ProvenanceErrorCode.NUMBER_REQUIRED: _(
            "Enter the number printed on the certificate (80 characters at most)."
        ),
        ProvenanceErrorCode.ALREADY_EXPIRED: _("This certificate has already expired."),
        ProvenanceErrorCode.NOT_YOUR_PRODUCT: _("This piece is not one of your shop's."),
        ProvenanceErrorCode.SPLIT_NOT_100: _(
            "The makers' shares and the cooperative's fund must add up to exactly 100 %."
        ),
        ProvenanceErrorCode.SPLIT_BAD_MAKER: _(
            "Each maker must be a member of the cooperative, named once."
        ),
        ProvenanceErrorCode.NOT_A_COOPERATIVE: _("Only a cooperative divides its proceeds."),
        ProvenanceErrorCode.NOT_A_MEMBER: _("This person is not a member of your cooperative."),
        ProvenanceErrorCode.BAD_SHARES: _("Choose shares owed to this member and not yet paid."),
        ProvenanceErrorCode.BAD_AMOUNT: _("Enter an amount above zero."),
        ProvenanceErrorCode.ALREADY_ANSWERED: _("This payment has already been answered."),
        ProvenanceErrorCode.NOT_SHIPPED: _("Certificates are made when the parcel ships."),
        ProvenanceErrorCode.TOO_MANY_TRIES: _("Too many tries. Please wait a few minutes."),
    }
    statuses = {
        ProvenanceErrorCode.NOT_FOUND: 404,
        ProvenanceErrorCode.NOT_A_COOPERATIVE: 403,  # this shop may not: only a cooperative
        ProvenanceErrorCode.NOT_YOUR_PRODUCT: 404,
        ProvenanceErrorCode.NOT_A_MEMBER: 404,
        ProvenanceErrorCode.CLAIM_NOT_PENDING: 409,
        ProvenanceErrorCode.ALREADY_ANSWERED: 409,
        ProvenanceErrorCode.NOT_SHIPPED: 409,
        ProvenanceErrorCode.TOO_MANY_TRIES: 429,
    }
    retry_afters = {ProvenanceErrorCode.TOO_MANY_TRIES: 300}

"""Error codes for sellers: each maps to a status and a message the seller understands."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class SellerErrorCode(ErrorCode):
    ALREADY_SELLER = "already_seller"
    RIB_INVALID = "rib_invalid"
    APPLICATION_INCOMPLETE = "application_incomplete"
    WRONG_STATUS = "wrong_status"
    DOCUMENT_REFUSED = "document_refused"
    DOCUMENT_TOO_LARGE = "document_too_large"
    TOO_MANY_DOCUMENTS = "too_many_documents"
    LAST_MANAGER = "last_manager"
    ALREADY_MEMBER = "already_member"
    INVITE_INVALID = "invite_invalid"
    INVITE_OTHER_EMAIL = "invite_other_email"
    NOT_FOUND = "not_found"
    SHIPPING_INVALID = "shipping_invalid"
    COMMISSION_INVALID = "commission_invalid"


class SellerError(DomainError):
    """A seller action that cannot be done as asked."""

    messages = {
        SellerErrorCode.ALREADY_SELLER: _("You already have a shop."),
        SellerErrorCode.COMMISSION_INVALID: _("A commission rate is between 0 and 0.5 (50 %)."),
        SellerErrorCode.RIB_INVALID: _(
            "This RIB is not valid: it must have 24 digits and its key (the last 2 digits) "
            "must match. Please copy it again from your bank statement."
        ),
        SellerErrorCode.APPLICATION_INCOMPLETE: _(
            "Your application is not complete yet: %(missing)s."
        ),
        SellerErrorCode.WRONG_STATUS: _("This cannot be done while the status is “%(current)s”."),
        SellerErrorCode.DOCUMENT_REFUSED: _(
            "This document is not a PDF, JPEG or PNG file we can read. Please choose another file."
        ),
        SellerErrorCode.DOCUMENT_TOO_LARGE: _("Documents must be 5 MB or smaller."),
        SellerErrorCode.TOO_MANY_DOCUMENTS: _("You can send at most 6 documents."),
        SellerErrorCode.LAST_MANAGER: _("A cooperative needs at least one manager."),
        SellerErrorCode.ALREADY_MEMBER: _("This person is already a member."),
        SellerErrorCode.INVITE_INVALID: _("This invitation is no longer valid."),
        SellerErrorCode.INVITE_OTHER_EMAIL: _(
            "This invitation was sent to another e-mail address. Log in with that address."
        ),
        SellerErrorCode.NOT_FOUND: _("Not found."),
        SellerErrorCode.SHIPPING_INVALID: _(
            "Shipping prices cannot be negative and the shortest delay must come first."
        ),
    }
    statuses = {
        SellerErrorCode.WRONG_STATUS: 409,
        SellerErrorCode.ALREADY_SELLER: 409,
        SellerErrorCode.APPLICATION_INCOMPLETE: 409,
        SellerErrorCode.LAST_MANAGER: 409,
        SellerErrorCode.ALREADY_MEMBER: 409,
        SellerErrorCode.NOT_FOUND: 404,
    }

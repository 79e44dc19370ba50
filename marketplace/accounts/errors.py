"""Error codes for accounts: confirmation links, log-in limits, account e-mails."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class AccountErrorCode(ErrorCode):
    LINK_INVALID = "link_invalid"
    LINK_EXPIRED = "link_expired"
    WRONG_PASSWORD = "invalid_credentials"  # noqa: S105  (an error code)
    EMAIL_UNVERIFIED = "email_unverified"
    TOO_MANY_ATTEMPTS = "throttled"
    TOO_MANY_EMAILS = "too_many_emails"
    UNAVAILABLE = "temporarily_unavailable"
    IN_USE = "account_in_use"


class AccountError(DomainError):
    """A sign-up, confirmation or log-in that cannot go on, with a clear message."""

    messages = {
        AccountErrorCode.LINK_INVALID: _(
            "This link is not valid (it may have been used already). Ask for a new one."
        ),
        AccountErrorCode.LINK_EXPIRED: _("This link has expired. Ask for a new one."),
        AccountErrorCode.WRONG_PASSWORD: _("The e-mail or password is not right."),
        AccountErrorCode.EMAIL_UNVERIFIED: _(
            "Please confirm your e-mail address first: we sent you a link."
        ),
        AccountErrorCode.TOO_MANY_ATTEMPTS: _("Too many failed log-ins. Please try again later."),
        AccountErrorCode.TOO_MANY_EMAILS: _(
            "Too many e-mails were asked from this address. Please try again later."
        ),
        AccountErrorCode.UNAVAILABLE: _(
            "This is unavailable for a moment. Please try again in a minute."
        ),
        AccountErrorCode.IN_USE: _(
            "This account still has commissioned pieces under way; it cannot be deleted yet."
        ),
    }
    statuses = {
        # Well-formed input refused for what it names: a link that is not (or no longer) one,
        # credentials that match no account.
        AccountErrorCode.LINK_INVALID: 404,
        AccountErrorCode.LINK_EXPIRED: 410,
        AccountErrorCode.WRONG_PASSWORD: 401,
        AccountErrorCode.EMAIL_UNVERIFIED: 403,
        AccountErrorCode.TOO_MANY_ATTEMPTS: 429,
        AccountErrorCode.TOO_MANY_EMAILS: 429,
        AccountErrorCode.UNAVAILABLE: 503,
        AccountErrorCode.IN_USE: 409,
    }
    retry_afters = {
        AccountErrorCode.TOO_MANY_ATTEMPTS: 300,
        AccountErrorCode.TOO_MANY_EMAILS: 3600,
        AccountErrorCode.UNAVAILABLE: 30,
    }


class AddressErrorCode(ErrorCode):
    NOT_FOUND = "address_not_found"
    INVALID = "address_invalid"
    TOO_MANY = "address_too_many"


class AddressError(DomainError):
    """A saved address that cannot be kept or used."""

    messages = {
        AddressErrorCode.NOT_FOUND: _("This address is not one of yours."),
        AddressErrorCode.INVALID: _("Please check the address."),
        AddressErrorCode.TOO_MANY: _("You can keep up to %(max)s addresses. Remove one first."),
    }
    statuses = {AddressErrorCode.NOT_FOUND: 404, AddressErrorCode.TOO_MANY: 409}

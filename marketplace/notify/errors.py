"""Errors of the text-message channel."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class NotifyErrorCode(ErrorCode):
    INVALID_PHONE = "invalid_phone"
    UNSUPPORTED_CHANNEL = "unsupported_channel"


class NotifyError(DomainError):
    """A number or channel the platform cannot send to."""

    messages = {
        NotifyErrorCode.INVALID_PHONE: _("This is not a phone number we can send a message to."),
        NotifyErrorCode.UNSUPPORTED_CHANNEL: _("This kind of message cannot be sent."),
    }

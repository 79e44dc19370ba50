"""Error codes for moderation."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ModerationErrorCode(ErrorCode):
    NOT_FOUND = "moderation_not_found"
    BAD_STATUS = "moderation_bad_status"
    REASON_REQUIRED = "moderation_reason_required"
    BAD_RESOLUTION = "moderation_bad_resolution"
    BAD_TARGET = "moderation_bad_target"
    TOO_MANY_REPORTS = "moderation_too_many_reports"
    UNAVAILABLE = "temporarily_unavailable"
    NO_CONTACT = "moderation_shop_unreachable"
    INCOMPLETE = "moderation_shop_incomplete"


class ModerationError(DomainError):
    """A moderation action that cannot be done."""

    messages = {
        ModerationErrorCode.NOT_FOUND: _("This item does not exist."),
        ModerationErrorCode.BAD_STATUS: _(
            "This item is no longer in a state that allows this (someone may have acted on it)."
        ),
        ModerationErrorCode.REASON_REQUIRED: _("Choose or write a reason."),
        ModerationErrorCode.BAD_RESOLUTION: _("This outcome does not apply to this item."),
        ModerationErrorCode.BAD_TARGET: _("This item cannot be reported."),
        ModerationErrorCode.TOO_MANY_REPORTS: _(
            "You have sent many reports recently. Please try again later."
        ),
        ModerationErrorCode.UNAVAILABLE: _(
            "This is unavailable for a moment. Please try again in a minute."
        ),
        ModerationErrorCode.NO_CONTACT: _(
            "Nobody who runs this shop can receive e-mail yet (an active account with a "
            "confirmed address). Ask them to confirm their e-mail before verifying the shop."
        ),
        ModerationErrorCode.INCOMPLETE: _(
            "This shop cannot be verified yet: %(missing)s. Ask the seller to complete it."
        ),
    }
    statuses = {
        ModerationErrorCode.NOT_FOUND: 404,
        ModerationErrorCode.BAD_STATUS: 409,
        ModerationErrorCode.BAD_TARGET: 404,
        ModerationErrorCode.TOO_MANY_REPORTS: 429,
        ModerationErrorCode.UNAVAILABLE: 503,
        ModerationErrorCode.NO_CONTACT: 409,
        ModerationErrorCode.INCOMPLETE: 409,
    }
    retry_afters = {ModerationErrorCode.UNAVAILABLE: 30}

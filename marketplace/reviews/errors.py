"""Error codes for reviews."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ReviewErrorCode(ErrorCode):
    NOT_FOUND = "review_not_found"
    NOT_DELIVERED = "review_not_delivered"
    ALREADY_REVIEWED = "review_already_exists"
    WINDOW_CLOSED = "review_window_closed"
    BAD_RATING = "review_bad_rating"
    ALREADY_REPLIED = "review_already_replied"
    NOT_YOUR_SHOP = "review_not_your_shop"
    BAD_STATUS = "review_bad_status"
    REASON_REQUIRED = "review_reason_required"


class ReviewError(DomainError):
    """A review that cannot be written, answered or moderated."""

    messages = {
        ReviewErrorCode.NOT_FOUND: _("This order line is not yours or does not exist."),
        ReviewErrorCode.NOT_DELIVERED: _("You can review a piece once it has been delivered."),
        ReviewErrorCode.ALREADY_REVIEWED: _("You have already reviewed this piece."),
        ReviewErrorCode.WINDOW_CLOSED: _("The time to review this piece has passed."),
        ReviewErrorCode.BAD_RATING: _("Choose between 1 and 5 stars."),
        ReviewErrorCode.ALREADY_REPLIED: _("The shop has already replied to this review."),
        ReviewErrorCode.NOT_YOUR_SHOP: _("This review is not about your shop."),
        ReviewErrorCode.BAD_STATUS: _("This review is not in a state that allows this."),
        ReviewErrorCode.REASON_REQUIRED: _("Give a reason."),
    }
    statuses = {
        ReviewErrorCode.NOT_FOUND: 404,
        ReviewErrorCode.NOT_YOUR_SHOP: 404,
        ReviewErrorCode.NOT_DELIVERED: 409,
        ReviewErrorCode.ALREADY_REVIEWED: 409,
        ReviewErrorCode.WINDOW_CLOSED: 409,
        ReviewErrorCode.ALREADY_REPLIED: 409,
        ReviewErrorCode.BAD_STATUS: 409,
    }

"""Error codes for favourites, follows and alerts."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class FavouriteErrorCode(ErrorCode):
    NOT_FOUND = "favourite_not_found"
    IN_STOCK = "alert_in_stock"
    BAD_LINK = "unsubscribe_bad_link"
    USED_LINK = "unsubscribe_used_link"
    TOO_MANY = "favourite_too_many"


class FavouriteError(DomainError):
    """A favourite, follow or alert that cannot be made or undone."""

    messages = {
        FavouriteErrorCode.NOT_FOUND: _("This piece or shop is not available."),
        FavouriteErrorCode.IN_STOCK: _("This piece is in stock: you can buy it now."),
        FavouriteErrorCode.BAD_LINK: _("This unsubscribe link is not valid."),
        FavouriteErrorCode.USED_LINK: _("This link was already used: you are unsubscribed."),
        FavouriteErrorCode.TOO_MANY: _(
            "You have saved as many as you can keep. Remove some first."
        ),
    }
    statuses = {
        FavouriteErrorCode.NOT_FOUND: 404,
        FavouriteErrorCode.IN_STOCK: 409,
        FavouriteErrorCode.BAD_LINK: 400,
        FavouriteErrorCode.USED_LINK: 410,
        FavouriteErrorCode.TOO_MANY: 409,
    }

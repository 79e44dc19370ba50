"""Catalogue error codes, with the plain-words message a seller sees."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ListingErrorCode(ErrorCode):
    ARABIC_TITLE = "arabic_title_required"
    NOT_READY = "product_not_ready"
    WRONG_STATUS = "product_wrong_status"
    SHOP_CLOSED = "shop_cannot_list"
    MAKER = "maker_not_member"
    SKU_TAKEN = "sku_taken"
    PRICE = "price_invalid"
    STOCK = "stock_invalid"
    TOO_MANY_PHOTOS = "too_many_photos"
    PHOTO_ORDER = "photo_order_invalid"


class ListingError(DomainError):
    """A product change a seller cannot make as asked."""

    messages = {
        ListingErrorCode.ARABIC_TITLE: _("The title in Arabic is required."),
        ListingErrorCode.NOT_READY: _("Before sending for review: %(missing)s."),
        ListingErrorCode.WRONG_STATUS: _("This cannot be done while the product is “%(current)s”."),
        ListingErrorCode.SHOP_CLOSED: _("Your shop cannot list products at the moment."),
        ListingErrorCode.MAKER: _("The maker must be a member of your cooperative."),
        ListingErrorCode.SKU_TAKEN: _("Your shop already uses this SKU for another variant."),
        ListingErrorCode.PRICE: _("The price must be more than 0 MAD."),
        ListingErrorCode.STOCK: _("Stock cannot be negative."),
        ListingErrorCode.TOO_MANY_PHOTOS: _("A product can have at most 10 photos."),
        ListingErrorCode.PHOTO_ORDER: _("That order names photos this piece does not have."),
    }
    statuses = {
        ListingErrorCode.WRONG_STATUS: 409,
        ListingErrorCode.SHOP_CLOSED: 409,
        # Well-formed input the product's or the shop's state refuses.
        ListingErrorCode.NOT_READY: 409,
        ListingErrorCode.SKU_TAKEN: 409,
        ListingErrorCode.TOO_MANY_PHOTOS: 409,
        # Names something the seller cannot use: not a member, not a photo of this piece.
        ListingErrorCode.MAKER: 404,
        ListingErrorCode.PHOTO_ORDER: 404,
    }

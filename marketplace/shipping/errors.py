"""Error codes for shipping: destinations not served, parcels too heavy, customs and tracking."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError, ErrorCode


class ShippingErrorCode(ErrorCode):
    NOT_SERVED = "not_served"
    TOO_HEAVY = "too_heavy"
    INVALID_HS_CODE = "invalid_hs_code"
    INVALID_CARRIER = "invalid_carrier"
    INVALID_TRACKING = "invalid_tracking"
    INVALID_PROFILE = "invalid_profile"
    NOT_FOUND = "not_found"


class ShippingError(DomainError):
    """A shipping refusal with a clear message."""

    status = 422
    messages = {
        ShippingErrorCode.NOT_SERVED: _("%(shop)s does not ship to %(country)s."),
        ShippingErrorCode.TOO_HEAVY: _(
            "%(shop)s cannot ship a parcel of %(kg)s kg to %(country)s: its heaviest band is "
            "%(max_kg)s kg."
        ),
        ShippingErrorCode.INVALID_HS_CODE: _("An HS code has exactly 6 digits, e.g. 570110."),
        ShippingErrorCode.INVALID_CARRIER: _("Choose a carrier from the list."),
        ShippingErrorCode.INVALID_TRACKING: _(
            "This is not a %(carrier)s tracking number: %(help)s."
        ),
        ShippingErrorCode.INVALID_PROFILE: _("Please check the shipping settings: %(detail)s"),
        ShippingErrorCode.NOT_FOUND: _("Not found."),
    }
    statuses = {
        ShippingErrorCode.NOT_FOUND: 404,
        # A well-formed destination or parcel the shop's shipping settings refuse.
        ShippingErrorCode.NOT_SERVED: 409,
        ShippingErrorCode.TOO_HEAVY: 409,
    }

"""Seller forms: few fields per screen; none of them carries a staff-only field.

One module per area, as the views: joining, shop, members, products, orders. Every form is
imported from here (`from marketplace.seller import forms; forms.ShipForm`).
"""

from .joining import (
    ApplyArtisanForm,
    ApplyCooperativeForm,
    DocumentForm,
    IdentityArtisanForm,
    IdentityCooperativeForm,
)
from .members import AcceptInviteForm, InviteForm, RoleForm
from .orders import CancelForm, ShipForm
from .products import (
    LANG_NAMES,
    CustomsForm,
    MultipleFileField,
    MultipleFileInput,
    PhotoAltForm,
    PhotosForm,
    ProductDetailsForm,
    ProductNewForm,
    ProductTextForm,
    VariantForm,
)
from .shop import BANDS, CodTermsForm, PayoutForm, ProfileForm, ShippingForm, ShippingProfileForm

__all__ = [
    "BANDS",
    "LANG_NAMES",
    "AcceptInviteForm",
    "ApplyArtisanForm",
    "ApplyCooperativeForm",
    "CancelForm",
    "CodTermsForm",
    "CustomsForm",
    "DocumentForm",
    "IdentityArtisanForm",
    "IdentityCooperativeForm",
    "InviteForm",
    "MultipleFileField",
    "MultipleFileInput",
    "PayoutForm",
    "PhotoAltForm",
    "PhotosForm",
    "ProductDetailsForm",
    "ProductNewForm",
    "ProductTextForm",
    "ProfileForm",
    "RoleForm",
    "ShipForm",
    "ShippingForm",
    "ShippingProfileForm",
    "VariantForm",
]

"""Checkout form: address, e-mail and currency (prices never come from the request)."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from marketplace.core.bidi import input_attrs

from .countries import COUNTRY_CHOICES
from .status import PaymentMethodCode


class CheckoutForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Street and number"), max_length=200)
    line2 = forms.CharField(
        label=_("Apartment, building (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    currency = forms.ChoiceField(
        label=_("Pay in"), choices=[(c, c) for c in settings.CURRENCIES], initial="MAD"
    )
    payment_method = forms.ChoiceField(
        label=_("How do you pay?"),
        choices=PaymentMethodCode.choices,
        initial=PaymentMethodCode.CARD,
        widget=forms.RadioSelect,
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        input_attrs(self, prefix="shipping")

    def clean_payment_method(self):
        return self.cleaned_data.get("payment_method") or PaymentMethodCode.CARD

    def address(self) -> dict:
        """Return the shipping address part of the cleaned data."""
        keys = ["name", "line1", "line2", "city", "postal_code", "country", "phone"]
        return {k: self.cleaned_data.get(k, "") for k in keys}


class ShipToForm(forms.Form):
    country = forms.ChoiceField(label=_("Ship to"), choices=COUNTRY_CHOICES)


class GuestAccountForm(forms.Form):
    """A password (and a name) turn a guest checkout into an account."""

    display_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, strip=False
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

"""Forms of the conversation pages (the services check everything again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.core.bidi import input_attrs
from marketplace.orders.countries import zone_for_country

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "postal_code", "country", "phone")


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class QuoteForm(forms.Form):
    description = forms.CharField(
        label=_("What you will make"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    dimensions = forms.CharField(label=_("Dimensions"), max_length=120, required=False)
    colours = forms.CharField(label=_("Colours"), max_length=200, required=False)
    price_mad = forms.DecimalField(
        label=_("Price (MAD)"), min_value=1, max_value=1_000_000, decimal_places=2
    )
    lead_time_days = forms.IntegerField(label=_("Days to make it"), min_value=1, max_value=365)
    deposit_percent = forms.IntegerField(
        label=_("Deposit (%)"), min_value=10, max_value=90, initial=30
    )
    valid_days = forms.IntegerField(
        label=_("Quote valid for (days)"), min_value=1, max_value=60, initial=14
    )


class AcceptForm(forms.Form):
    currency = forms.ChoiceField(
        label=_("Pay in"), choices=[("MAD", "MAD"), ("EUR", "EUR"), ("USD", "USD")]
    )
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Street and number"), max_length=200)
    line2 = forms.CharField(label=_("Apartment, building"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    country = forms.CharField(label=_("Country (2 letters, e.g. US, FR, MA)"), max_length=2)
    phone = forms.CharField(label=_("Phone (for the carrier)"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        input_attrs(self, prefix="shipping")

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if zone_for_country(country) is None:
            raise forms.ValidationError(_("We do not ship to this country yet."))
        return country

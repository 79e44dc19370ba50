"""A shop's orders: shipping one, cancelling one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.shipping.carriers import CARRIER_CHOICES


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(
        label=_("Carrier"),
        choices=CARRIER_CHOICES,
        help_text=_("The tracking number is checked against the carrier's format."),
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel? The buyer will read it."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

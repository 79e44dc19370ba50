"""Joining: applying as an artisan or a cooperative, identity, documents."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Craft, Region, ShopDocument


class ApplyArtisanForm(forms.Form):
    name = forms.CharField(label=_("Your name as buyers will see it"), max_length=120)
    craft = forms.ChoiceField(label=_("Your craft"), choices=Craft.choices)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    city = forms.CharField(label=_("City or village"), max_length=80, required=False)
    registry_number = forms.CharField(
        label=_("National artisan register number"),
        max_length=40,
        help_text=_("Printed on your artisan card."),
    )


class ApplyCooperativeForm(forms.Form):
    name = forms.CharField(label=_("Name of the cooperative"), max_length=160)
    registration_number = forms.CharField(label=_("Registration number"), max_length=40)
    craft = forms.ChoiceField(label=_("Main craft"), choices=Craft.choices)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    city = forms.CharField(label=_("City or village"), max_length=80, required=False)
    founded_year = forms.IntegerField(
        label=_("Year founded"), min_value=1900, max_value=date.today().year
    )
    women_led = forms.BooleanField(label=_("Run by women"), required=False)


class IdentityArtisanForm(ApplyArtisanForm):
    pass


class IdentityCooperativeForm(ApplyCooperativeForm):
    craft = None


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ShopDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, 5 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

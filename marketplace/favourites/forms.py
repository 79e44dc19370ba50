"""Forms of the favourites pages: the alert settings on the preferences page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AlertSettingsForm(forms.Form):
    cart_reminder = forms.BooleanField(
        label=_("E-mail me once about a cart I leave for a day"), required=False
    )

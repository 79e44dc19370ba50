"""A cooperative's members: inviting, roles, accepting an invitation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Craft, Membership


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the member"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AcceptInviteForm(forms.Form):
    name = forms.CharField(label=_("Your name as buyers will see it"), max_length=120)
    craft = forms.ChoiceField(label=_("Your craft"), choices=Craft.choices)

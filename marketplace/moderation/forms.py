"""Forms for the moderator workspace and the public report form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import action_label, object_type_label
from .models import Flag


class ReasonForm(forms.Form):
    """A reason picked from a list, plus free text."""

    reason_code = forms.ChoiceField(label=_("Reason"), required=False)
    reason = forms.CharField(
        label=_("Details for the seller"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = required
        self.fields["reason_code"].choices = [("", "—"), *(choices.choices if choices else [])]

    def clean(self):
        data = super().clean()
        if self.reason_required and not data.get("reason_code") and not data.get("reason"):
            raise forms.ValidationError(_("Choose or write a reason."))
        return data


class ReportForm(forms.Form):
    """What a visitor tells us about a product, shop or review."""

    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Flag.Reason.choices)
    note = forms.CharField(
        label=_("Anything we should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Outcome"), choices=Flag.Resolution.choices)
    note = forms.CharField(
        label=_("Note (sent to the seller when the item is hidden or the shop suspended)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AuditFilterForm(forms.Form):
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=40)
    actor = forms.CharField(label=_("Actor e-mail"), required=False, max_length=120)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, object_types=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All"))] + [
            (t, object_type_label(t)) for t in object_types
        ]
        self.fields["action"].choices = [("", _("All"))] + [(a, action_label(a)) for a in actions]


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("Paid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Paid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

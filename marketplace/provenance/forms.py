"""Forms of the seller's provenance screens (the services check everything again)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import MemberPayment

MAKER_ROWS = 4


class ClaimForm(forms.Form):
    label = forms.ModelChoiceField(queryset=None, label=_("Label or mark"))
    product = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("For one piece only"),
        empty_label=_("Every piece of the shop"),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80)
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    document = forms.FileField(label=_("Scan or photo of the certificate (PDF, JPEG, PNG)"))

    def __init__(self, *args, labels, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].queryset = labels
        self.fields["label"].label_from_instance = lambda label: label.name
        self.fields["product"].queryset = products


class SplitForm(forms.Form):
    product = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("For which pieces"),
        empty_label=_("Every piece (the cooperative's default)"),
    )
    fund_percent = forms.DecimalField(
        label=_("Cooperative fund (%)"), min_value=0, max_value=100, decimal_places=2
    )

    def __init__(self, *args, members, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        choices = [("", "—")] + [(str(m.pk), m.name) for m in members]
        for i in range(MAKER_ROWS):
            self.fields[f"maker_{i}"] = forms.ChoiceField(
                label=_("Maker"), choices=choices, required=False
            )
            self.fields[f"percent_{i}"] = forms.DecimalField(
                label=_("Share (%)"), min_value=0, max_value=100, decimal_places=2, required=False
            )

    def maker_rows(self):
        return [(self[f"maker_{i}"], self[f"percent_{i}"]) for i in range(MAKER_ROWS)]

    def makers(self) -> list[tuple[str, Decimal]]:
        rows = []
        for i in range(MAKER_ROWS):
            maker, percent = (
                self.cleaned_data.get(f"maker_{i}"),
                self.cleaned_data.get(f"percent_{i}"),
            )
            if maker and percent:
                rows.append((maker, percent))
        return rows


class MemberPaymentForm(forms.Form):
    artisan = forms.ModelChoiceField(queryset=None, label=_("Member"))
    shares = forms.MultipleChoiceField(
        label=_("Pieces this pays"), widget=forms.CheckboxSelectMultiple
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How"), choices=MemberPayment.Method.choices)
    phone = forms.CharField(label=_("Member's phone (for the text message)"), max_length=32)
    language = forms.ChoiceField(label=_("Message language"), choices=settings.LANGUAGES)

    def __init__(self, *args, members, shares, **kwargs):
        super().__init__(*args, **kwargs)
        from artisans.models import Artisan

        self.fields["artisan"].queryset = Artisan.objects.filter(pk__in=[m.pk for m in members])
        self.fields["shares"].choices = [
            (str(s.pk), f"{s.artisan.name} · {s.line.title} #{s.piece} · {s.amount_mad} MAD")
            for s in shares
        ]

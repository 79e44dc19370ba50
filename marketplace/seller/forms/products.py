"""A product: its text in four languages, details, variants, photos, customs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Region
from marketplace.catalogue.models import Category, Material

LANG_NAMES = {"ar": _("Arabic"), "fr": _("French"), "en": _("English"), "es": _("Spanish")}


class ProductNewForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    title_ar = forms.CharField(
        label=_("Title in Arabic"), max_length=200, widget=forms.TextInput(attrs={"dir": "rtl"})
    )
    description_ar = forms.CharField(
        label=_("Description in Arabic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl"}),
    )


class ProductTextForm(forms.Form):
    """Title and description per language: Arabic required, the others optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for code, name in LANG_NAMES.items():
            direction = "rtl" if code == "ar" else "ltr"
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(lang)s)") % {"lang": name},
                max_length=200,
                required=code == "ar",
                widget=forms.TextInput(attrs={"dir": direction, "lang": code}),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(lang)s)") % {"lang": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "dir": direction, "lang": code}),
            )
            self.groups.append((code, name, self[f"title_{code}"], self[f"description_{code}"]))


class ProductDetailsForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    maker = forms.ModelChoiceField(label=_("Made by"), queryset=None, required=False)
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials"),
        queryset=Material.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    technique = forms.CharField(label=_("Technique"), max_length=120, required=False)
    region = forms.ChoiceField(label=_("Region of origin"), choices=Region.choices)
    dimensions = forms.CharField(
        label=_("Dimensions"), max_length=80, required=False, help_text=_("e.g. 30 × 20 cm")
    )
    weight_grams = forms.IntegerField(label=_("Weight (g)"), min_value=0, max_value=200000)
    made_to_order = forms.BooleanField(label=_("Made to order"), required=False)
    lead_time_days = forms.IntegerField(
        label=_("Days to make it"), min_value=0, max_value=365, required=False
    )

    def __init__(self, *args, makers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maker"].queryset = makers
        if makers is None or makers.count() <= 1:
            del self.fields["maker"]

    def clean(self):
        data = super().clean()
        if data.get("made_to_order") and not data.get("lead_time_days"):
            self.add_error("lead_time_days", _("Say how many days you need to make it."))
        return data


class VariantForm(forms.Form):
    size = forms.CharField(label=_("Size"), max_length=60, required=False)
    colour = forms.CharField(label=_("Colour"), max_length=60, required=False)
    price = forms.DecimalField(
        label=_("Price (MAD)"), min_value=0.01, max_digits=12, decimal_places=2
    )
    stock = forms.IntegerField(label=_("In stock"), min_value=0, max_value=100000)
    sku = forms.CharField(
        label=_("Your reference (SKU)"),
        max_length=64,
        required=False,
        help_text=_("Optional: we make one if empty."),
    )

    def options(self) -> dict:
        d = self.cleaned_data
        return {k: d[k].strip() for k in ("size", "colour") if d.get(k, "").strip()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class PhotosForm(forms.Form):
    photos = MultipleFileField(
        label=_("Add photos (JPEG, PNG or WebP, up to 15 MB each)"),
    )
    alt_text = forms.CharField(
        label=_("Describe the photo (for people who cannot see it)"),
        max_length=200,
        required=False,
    )


class PhotoAltForm(forms.Form):
    alt_text = forms.CharField(label=_("Description"), max_length=200, required=False)


class CustomsForm(forms.Form):
    """What customs abroad read about a piece; each field says why it is asked."""

    hs_code = forms.CharField(
        label=_("HS code (customs number)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        help_text=_(
            "6 digits that tell customs what the piece is. We suggest one from the category; "
            "change it if your piece is different."
        ),
    )
    origin_country = forms.CharField(
        label=_("Made in (country)"),
        max_length=2,
        initial="MA",
        widget=forms.TextInput(attrs={"dir": "ltr"}),
        help_text=_("Two letters: MA for Morocco. Pieces made in Morocco pay less duty abroad."),
    )
    composition = forms.CharField(
        label=_("What it is made of"),
        max_length=200,
        required=False,
        help_text=_("e.g. 100 % wool; glazed clay. Written on the customs form."),
    )
    net_weight_grams = forms.IntegerField(
        label=_("Weight of the piece alone (g)"),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=_("Without the box. The weight with the box is the product's weight."),
    )
    length_cm = forms.IntegerField(
        label=_("Parcel length (cm)"), min_value=1, max_value=1000, required=False
    )
    width_cm = forms.IntegerField(
        label=_("Parcel width (cm)"), min_value=1, max_value=1000, required=False
    )
    height_cm = forms.IntegerField(
        label=_("Parcel height (cm)"), min_value=1, max_value=1000, required=False
    )

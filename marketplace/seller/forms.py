"""Seller forms: few fields per screen; none of them carries a staff-only field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Craft, Membership, Region, ShippingZone, ShopDocument
from artisans.rib import rib_is_valid, rib_normalise
from marketplace.catalogue.models import Category, Material
from marketplace.shipping.carriers import CARRIER_CHOICES

LANG_NAMES = {"ar": _("Arabic"), "fr": _("French"), "en": _("English"), "es": _("Spanish")}


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


class ProfileForm(forms.Form):
    tagline = forms.CharField(label=_("One line about your work"), max_length=200, required=False)
    story = forms.CharField(
        label=_("Your story"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who makes the pieces, where, and how. Buyers love to read it."),
    )
    city = forms.CharField(label=_("City or village"), max_length=80, required=False)
    photo = forms.FileField(
        label=_("Photo of you or your workshop"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ShopDocument.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, 5 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class PayoutForm(forms.Form):
    holder = forms.CharField(label=_("Account holder"), max_length=120)
    rib = forms.CharField(
        label=_("RIB (24 digits)"),
        max_length=40,
        help_text=_("The 24 digits on your bank's RIB. We check the key (the last 2 digits)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )

    def clean_rib(self):
        rib = rib_normalise(self.cleaned_data["rib"])
        if len(rib) != 24 or not rib.isdigit():
            raise forms.ValidationError(_("A RIB has exactly 24 digits."))
        if not rib_is_valid(rib):
            raise forms.ValidationError(
                _("The key of this RIB (the last 2 digits) does not match. Please check it.")
            )
        return rib


class ShippingForm(forms.Form):
    """One row of fields per zone; an unticked zone is not shipped to."""

    def __init__(self, *args, rates=None, **kwargs):
        super().__init__(*args, **kwargs)
        rates = rates or {}
        self.zones = []
        for zone, label in ShippingZone.choices:
            rate = rates.get(zone)
            self.fields[f"{zone}_on"] = forms.BooleanField(
                label=label, required=False, initial=rate is not None
            )
            self.fields[f"{zone}_first"] = forms.DecimalField(
                label=_("First piece (MAD)"), min_value=0, max_digits=12, decimal_places=2,
                required=False, initial=rate.first_item if rate else None,
            )  # fmt: skip
            self.fields[f"{zone}_further"] = forms.DecimalField(
                label=_("Each further piece (MAD)"), min_value=0, max_digits=12,
                decimal_places=2, required=False, initial=rate.additional_item if rate else 0,
            )  # fmt: skip
            self.fields[f"{zone}_min"] = forms.IntegerField(
                label=_("Days, at least"), min_value=0, max_value=120, required=False,
                initial=rate.days_min if rate else 2,
            )  # fmt: skip
            self.fields[f"{zone}_max"] = forms.IntegerField(
                label=_("Days, at most"), min_value=0, max_value=120, required=False,
                initial=rate.days_max if rate else 7,
            )  # fmt: skip
            self.zones.append(
                (label, [self[f"{zone}_{k}"] for k in ("on", "first", "further", "min", "max")])
            )

    def clean(self):
        data = super().clean()
        for zone, _label in ShippingZone.choices:
            if not data.get(f"{zone}_on"):
                continue
            if data.get(f"{zone}_first") is None:
                self.add_error(f"{zone}_first", _("Give the price of the first piece."))
            lo, hi = data.get(f"{zone}_min"), data.get(f"{zone}_max")
            if lo is not None and hi is not None and lo > hi:
                self.add_error(f"{zone}_max", _("The longest delay must not be shorter."))
        return data

    def rates(self) -> dict:
        data, out = self.cleaned_data, {}
        for zone in ShippingZone.values:
            if data.get(f"{zone}_on"):
                out[zone] = (
                    data[f"{zone}_first"],
                    data.get(f"{zone}_further") or 0,
                    data.get(f"{zone}_min") or 0,
                    data.get(f"{zone}_max") or 0,
                )
            else:
                out[zone] = None
        return out


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


BANDS = 5  # weight bands a seller can fill per zone


class ShippingProfileForm(forms.Form):
    """Preparation days, then for each zone the shop serves: by piece or by weight, carriers."""

    processing_days_min = forms.IntegerField(
        label=_("Days to prepare a parcel, at least"), min_value=0, max_value=90, initial=1
    )
    processing_days_max = forms.IntegerField(
        label=_("Days to prepare a parcel, at most"), min_value=0, max_value=90, initial=3
    )

    def __init__(self, *args, rates=(), profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        if profile is not None:
            self.initial.setdefault("processing_days_min", profile.processing_days_min)
            self.initial.setdefault("processing_days_max", profile.processing_days_max)
        self.zones = []
        for rate in rates:
            zone = rate.zone
            service = getattr(rate, "service", None)
            bands = list(rate.weight_bands.all())
            self.fields[f"{zone}_pricing"] = forms.ChoiceField(
                label=_("Price"),
                choices=[("piece", _("Per piece")), ("weight", _("By weight"))],
                initial=service.pricing if service else "piece",
                widget=forms.RadioSelect,
            )
            self.fields[f"{zone}_free"] = forms.DecimalField(
                label=_("Free shipping from (MAD)"), min_value=0, max_digits=12,
                decimal_places=2, required=False,
                initial=service.free_over_mad if service else None,
            )  # fmt: skip
            self.fields[f"{zone}_carriers"] = forms.MultipleChoiceField(
                label=_("Carriers"),
                choices=CARRIER_CHOICES,
                required=False,
                initial=service.carriers if service else [],
                widget=forms.CheckboxSelectMultiple,
            )
            band_fields = []
            for i in range(BANDS):
                band = bands[i] if i < len(bands) else None
                self.fields[f"{zone}_kg_{i}"] = forms.DecimalField(
                    label=_("Up to (kg)"), min_value=Decimal("0.1"), max_value=1000,
                    max_digits=7, decimal_places=1, required=False,
                    initial=Decimal(band.up_to_grams) / 1000 if band else None,
                )  # fmt: skip
                self.fields[f"{zone}_price_{i}"] = forms.DecimalField(
                    label=_("Price (MAD)"), min_value=0, max_digits=12, decimal_places=2,
                    required=False, initial=band.price_mad if band else None,
                )  # fmt: skip
                band_fields.append((self[f"{zone}_kg_{i}"], self[f"{zone}_price_{i}"]))
            self.zones.append(
                {
                    "label": rate.get_zone_display(),
                    "pricing": self[f"{zone}_pricing"],
                    "free": self[f"{zone}_free"],
                    "carriers": self[f"{zone}_carriers"],
                    "bands": band_fields,
                    "zone": zone,
                }
            )

    def clean(self):
        data = super().clean()
        lo, hi = data.get("processing_days_min"), data.get("processing_days_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("processing_days_max", _("The longest delay must not be shorter."))
        for entry in self.zones:
            zone = entry["zone"]
            bands = self._bands(data, zone)
            if data.get(f"{zone}_pricing") == "weight" and not bands:
                self.add_error(f"{zone}_kg_0", _("Give at least one weight and its price."))
        return data

    @staticmethod
    def _bands(data, zone) -> list[tuple[int, Decimal]]:
        out = []
        for i in range(BANDS):
            kg, price = data.get(f"{zone}_kg_{i}"), data.get(f"{zone}_price_{i}")
            if kg is not None and price is not None:
                out.append((int(kg * 1000), price))
        return out

    def zones_terms(self) -> dict:
        """Return the shipping_profile_set `zones` argument."""
        data = self.cleaned_data
        return {
            e["zone"]: {
                "pricing": data[f"{e['zone']}_pricing"],
                "free_over_mad": data.get(f"{e['zone']}_free"),
                "carriers": data.get(f"{e['zone']}_carriers") or [],
                "bands": self._bands(data, e["zone"]),
            }
            for e in self.zones
        }


class CodTermsForm(forms.Form):
    """Whether the shop takes cash on delivery in Morocco, at what fee, who pays returns."""

    enabled = forms.BooleanField(label=_("Accept cash on delivery (Morocco, MAD)"), required=False)
    fee_mad = forms.DecimalField(
        label=_("Cash-on-delivery fee (MAD)"),
        min_value=0,
        max_value=500,
        decimal_places=2,
        initial=0,
        help_text=_("Added to the buyer's total. 0 for none."),
    )
    return_cost_payer = forms.ChoiceField(
        label=_("A refused parcel comes back: who pays the return?"),
        choices=[
            ("", _("As the platform decides")),
            ("shop", _("My shop")),
            ("platform", _("The platform")),
        ],
        required=False,
    )
    return_cost_mad = forms.DecimalField(
        label=_("Return cost (MAD)"), min_value=0, max_value=500, decimal_places=2, required=False
    )

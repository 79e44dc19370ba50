"""The shop's settings: profile, payout account, shipping rates and profile, cash on delivery."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import ShippingZone
from artisans.rib import rib_is_valid, rib_normalise
from marketplace.shipping.carriers import CARRIER_CHOICES


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

"""Template tags for shipping: the import-charges box and tracking links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..carriers import carrier_name, tracking_link

register = template.Library()

RULE_TEXTS = {
    "US": _(
        "United States: no duty-free threshold since 29 August 2025. Duty of %(duty)s %% on "
        "the value of the pieces (0 %% under the US–Morocco free trade agreement, plus the "
        "10 %% tariff on goods from Morocco). No VAT."
    ),
    "EU_LOW": _(
        "European Union: VAT of %(vat)s %% on the pieces and shipping, from the first euro. "
        "Parcels up to €150 pay no duty; Souk does not collect VAT in advance (IOSS), so it "
        "is paid on delivery."
    ),
    "EU_HIGH": _(
        "European Union, parcel over €150: VAT of %(vat)s %% on the pieces, shipping and duty; "
        "duty is 0 %% for pieces made in Morocco (EU–Morocco agreement)."
    ),
    "GB": _(
        "United Kingdom: VAT of %(vat)s %% on the pieces, shipping and duty; duty is 0 %% for "
        "pieces made in Morocco (UK–Morocco agreement)."
    ),
}
NOTES = {
    "handling_unknown": _(
        "The carrier's handling fee is not included: the carrier does not publish it."
    ),
    "duty_other_origin": _("Duty on pieces not made in Morocco is not included."),
    "duty_unknown_chapter": _("Duty on some pieces could not be estimated from their HS code."),
}


def _rule_text(rule: dict) -> str:
    text = str(RULE_TEXTS.get(rule.get("id"), rule["rule"]))
    if rule.get("id") not in RULE_TEXTS:
        return text
    return text % {"vat": rule.get("vat_rate", ""), "duty": rule.get("duty_rate", "")}


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


@register.inclusion_tag("shipping/_import_estimate.html")
def import_estimate_box(stored, heading=True):
    """Render a stored estimate: figures, the rules with their dates, what is left out."""
    if not stored:
        return {"estimate": None}
    if not isinstance(stored, dict):
        stored = stored.as_dict()
    rules = [
        {
            "text": _rule_text(r),
            "since": _day(r["since"]),
            "source": r["source"],
        }
        for r in stored["rules"]
    ]
    return {
        "estimate": stored,
        "currency": stored["currency"],
        "amounts": {k: Decimal(stored[k]) for k in ("duty", "vat", "handling", "total")},
        "rules": rules,
        "notes": [NOTES[n] for n in stored["not_included"] if n in NOTES],
        "checked_on": _day(stored["checked_on"]),
        "heading": heading,
    }


@register.simple_tag
def tracking_url(carrier: str, number: str) -> str:
    """Return the carrier's tracking page for a number, or ''."""
    return tracking_link(carrier, number)


@register.filter
def carrier_label(carrier: str) -> str:
    """Return a stored carrier code as its name."""
    return carrier_name(carrier)

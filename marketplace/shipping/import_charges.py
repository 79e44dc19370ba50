"""Estimate the import charges a buyer abroad pays on delivery (duty, VAT, carrier's fee).

An estimate, always labelled as one, from the dated table in `import_rates.py`. Each parcel (one
shop's part of an order travels on its own) is assessed alone, as customs do; amounts are
worked in MAD without rounding, summed, then converted to the buyer's currency and rounded once
per figure. Collecting these charges at checkout (DDP) is not done: see README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.core.money import convert_from_mad

from . import import_rates as T
from .hs import hs_chapter

ZERO = Decimal("0")


@dataclass(frozen=True)
class EstimateItem:
    """One line of a parcel as customs see it."""

    hs_code: str
    origin: str
    value_mad: Decimal


@dataclass(frozen=True)
class EstimateParcel:
    """One shop's parcel: its lines, what its shipping cost and which carrier may take it."""

    items: list[EstimateItem]
    shipping_mad: Decimal
    carrier: str = ""


@dataclass
class ImportEstimate:
    country: str
    currency: str
    duty: Decimal
    vat: Decimal
    handling: Decimal
    total: Decimal
    rules: list[dict] = field(default_factory=list)
    not_included: list[str] = field(default_factory=list)
    checked_on: str = ""

    def as_dict(self) -> dict:
        """Answer the stored and API shape (amounts as strings, dates ISO)."""
        return {
            "country": self.country,
            "currency": self.currency,
            "duty": f"{self.duty:f}",
            "vat": f"{self.vat:f}",
            "handling": f"{self.handling:f}",
            "total": f"{self.total:f}",
            "rules": self.rules,
            "not_included": self.not_included,
            "checked_on": self.checked_on,
            "is_estimate": True,
        }


def _rule(key: str, entry: dict, **extra) -> dict:
    return {
        "id": key,
        "rule": entry["rule"],
        "since": entry["since"].isoformat(),
        "source": entry["source"],
        **extra,
    }


def _duty(items, table, notes) -> Decimal:
    """Sum a parcel's duty from a chapter table for Moroccan goods; note what is left out."""
    duty = ZERO
    for item in items:
        chapter = hs_chapter(item.hs_code)
        if item.origin != "MA":
            notes.add("duty_other_origin")
        elif chapter not in table:
            notes.add("duty_unknown_chapter")
        else:
            rates = table[chapter]
            duty += item.value_mad * (sum(rates) if isinstance(rates, tuple) else rates)
    return duty


def import_charges_estimate(
    *, country: str, currency: str, rate: Decimal, eur_rate: Decimal, parcels: list[EstimateParcel]
) -> ImportEstimate | None:
    """Estimate duty, VAT and handling on delivery for US, EU and UK addresses; else None.

    `rate` converts MAD to `currency` (the order's), `eur_rate` MAD to EUR (the €150 line).
    """
    country = (country or "").upper()
    if country != "US" and country != "GB" and country not in T.EU_VAT:
        return None
    duty = vat = handling = ZERO
    rules: dict[str, dict] = {}
    notes: set[str] = set()
    for parcel in parcels:
        goods = sum((i.value_mad for i in parcel.items), ZERO)
        if country == "US":
            duty += _duty(parcel.items, T.US_DUTY, notes)
            rules["US"] = _rule("US", T.US_RULE, duty_rate="10")
        elif country == "GB":
            parcel_duty = _duty(parcel.items, T.GB_DUTY_MA_ORIGIN, notes)
            duty += parcel_duty
            vat += (goods + parcel.shipping_mad + parcel_duty) * T.GB_VAT
            rules["GB"] = _rule("GB", T.GB_RULE, vat_rate="20")
        else:
            low = goods * eur_rate <= T.EU_IOSS_LIMIT_EUR
            parcel_duty = ZERO if low else _duty(parcel.items, T.EU_DUTY_MA_ORIGIN, notes)
            duty += parcel_duty
            vat += (goods + parcel.shipping_mad + parcel_duty) * T.EU_VAT[country]
            key = "EU_LOW" if low else "EU_HIGH"
            vat_rate = f"{T.EU_VAT[country] * 100:f}".rstrip("0").rstrip(".")
            rules[key] = _rule(key, T.EU_RULE_LOW if low else T.EU_RULE_HIGH, vat_rate=vat_rate)
        fee = T.HANDLING_FEES.get((parcel.carrier, country))
        if fee:
            handling += fee[0]
        else:
            notes.add("handling_unknown")
    shown = [convert_from_mad(x, currency, rate) for x in (duty, vat, handling)]
    return ImportEstimate(
        country=country,
        currency=currency,
        duty=shown[0],
        vat=shown[1],
        handling=shown[2],
        total=sum(shown, Decimal("0.00")),
        rules=list(rules.values()),
        not_included=sorted(notes),
        checked_on=T.CHECKED_ON.isoformat(),
    )

"""The carrier registry: who can carry a parcel abroad, their tracking-number formats and links.

Tracking numbers are typed by hand today (no public Amana API was found). Each carrier says
what its numbers look like, so a mistyped number is refused before the buyer is told about it,
and where its tracking page is, so the buyer gets a working link. A carrier API (labels,
tracking events) plugs in behind `CarrierGateway` without touching the order code; see README,
"Shipping abroad".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

POST, COURIER = "post", "courier"

_S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)([A-Z]{2})$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_valid(number: str, country: str | None = None) -> bool:
    """Check a UPU S10 item number (EE123456785MA): shape, check digit and, if given, country."""
    match = _S10.match(number)
    if not match or (country and match.group(3) != country):
        return False
    total = sum(int(d) * w for d, w in zip(match.group(1), _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    return check == int(match.group(2))


def s10_number(prefix: str, serial: int, country: str = "MA") -> str:
    """Return the UPU S10 number of a serial, with its check digit (demo data, tests)."""
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10_WEIGHTS, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{prefix}{digits}{check}{country}"


def ups_valid(number: str) -> bool:
    """Check a UPS 1Z number: 1Z, 15 letters or digits, then a check digit."""
    if not re.fullmatch(r"1Z[A-Z0-9]{15}\d", number):
        return False
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in number[2:17]]
    total = sum(values[0::2]) + 2 * sum(values[1::2])
    return (10 - total % 10) % 10 == int(number[17])


@dataclass(frozen=True)
class TrackingEvent:
    """One step a carrier reports for a parcel."""

    at: str
    place: str
    description: str


@dataclass(frozen=True)
class Label:
    """A label bought from a carrier: its tracking number and the printable file."""

    tracking_number: str
    pdf: bytes


class CarrierGateway(Protocol):
    """What a carrier API adapter offers; none is plugged in yet (numbers are typed by hand)."""

    def buy_label(self, *, consignment) -> Label: ...

    def tracking_events(self, *, tracking_number: str) -> list[TrackingEvent]: ...


@dataclass(frozen=True)
class Carrier:
    code: str
    name: object  # a proper noun, or a lazy translation for "other"
    kind: str  # POST: a CN22/CN23 travels with the parcel; COURIER: a commercial invoice
    example: str
    check: Callable[[str], bool]
    tracking_url: str = ""  # with {number}; empty: the carrier has no public tracking page
    format_help: object = ""
    gateway: CarrierGateway | None = field(default=None, compare=False)

    def normalise(self, number: str) -> str:
        """Return the number as carriers print it: no spaces or dashes, upper case."""
        return re.sub(r"[\s-]+", "", number or "").upper()

    def accepts(self, number: str) -> bool:
        """Answer whether a (normalised) tracking number has this carrier's format."""
        return bool(number) and self.check(number)

    def link(self, number: str) -> str:
        """Return the public tracking page of a number, or '' when there is none."""
        if not self.tracking_url or not number:
            return ""
        return self.tracking_url.format(number=quote(number, safe=""))


CARRIERS: dict[str, Carrier] = {
    c.code: c
    for c in [
        Carrier(
            code="amana",
            name="Amana / Barid Al-Maghrib",
            kind=POST,
            example="EE123456785MA",
            check=lambda n: s10_valid(n, "MA"),
            tracking_url="https://bam-tracking.barid.ma/Tracking/Search?trackingCode={number}",
            format_help=_("2 letters, 9 digits, then MA (e.g. EE123456785MA)"),
        ),
        Carrier(
            code="dhl",
            name="DHL Express",
            kind=COURIER,
            example="1234567890",
            check=lambda n: re.fullmatch(r"\d{10}", n) is not None,
            tracking_url=(
                "https://www.dhl.com/global-en/home/tracking/tracking-express.html"
                "?submit=1&tracking-id={number}"
            ),
            format_help=_("10 digits (the waybill number)"),
        ),
        Carrier(
            code="chronopost",
            name="Chronopost",
            kind=COURIER,
            example="XA123456785FR",
            check=s10_valid,
            tracking_url="https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
            format_help=_("2 letters, 9 digits, 2 letters (e.g. XA123456785FR)"),
        ),
        Carrier(
            code="aramex",
            name="Aramex",
            kind=COURIER,
            example="12345678901",
            check=lambda n: re.fullmatch(r"\d{10,12}", n) is not None,
            tracking_url="https://www.aramex.com/track/results?ShipmentNumber={number}",
            format_help=_("10 to 12 digits"),
        ),
        Carrier(
            code="ups",
            name="UPS",
            kind=COURIER,
            example="1Z999AA10123456784",
            check=ups_valid,
            tracking_url="https://www.ups.com/track?tracknum={number}",
            format_help=_("1Z followed by 16 letters or digits"),
        ),
        Carrier(
            code="other",
            name=_("Other carrier"),
            kind=COURIER,
            example="AB-12345",
            check=lambda n: re.fullmatch(r"[A-Z0-9]{5,40}", n) is not None,
            format_help=_("5 to 40 letters or digits"),
        ),
    ]
}
CARRIER_CHOICES = [(c.code, c.name) for c in CARRIERS.values()]


def carrier_for(code_or_name: str) -> Carrier | None:
    """Return a carrier by code, or by its name as older orders stored it ('DHL', 'Amana')."""
    key = (code_or_name or "").strip().lower()
    if key in CARRIERS:
        return CARRIERS[key]
    for carrier in CARRIERS.values():
        words = str(carrier.name).lower().replace("/", " ").split()
        if key and (key == str(carrier.name).lower() or key.split()[0] in words):
            return carrier
    return None


def tracking_link(carrier: str, number: str) -> str:
    """Return the tracking page for a stored carrier and number, or '' when none is known."""
    found = carrier_for(carrier)
    return found.link(found.normalise(number)) if found else ""


def carrier_name(carrier: str) -> str:
    """Return a carrier's display name for a stored code (or the stored text itself)."""
    found = carrier_for(carrier)
    return str(found.name) if found else carrier

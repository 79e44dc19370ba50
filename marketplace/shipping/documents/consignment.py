"""What a customs document says about one parcel, independent of where the data came from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from ..import_rates import SDR_IN_USD


@dataclass(frozen=True)
class Party:
    """A sender or an addressee as the forms ask for them."""

    name: str
    address_lines: list[str]
    country: str  # ISO alpha-2
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Item:
    """One line: what it is (as titled, and in Latin script), customs data, quantity, value."""

    title: str
    latin: str
    hs_code: str
    origin: str
    quantity: int
    net_weight_grams: int  # per piece
    value: Decimal  # the line's value in the consignment's currency

    @property
    def net_weight_total(self) -> int:
        return self.net_weight_grams * self.quantity


@dataclass(frozen=True)
class Consignment:
    """One shop's parcel: who sends it to whom, its lines, shipping and totals in one currency."""

    shop_id: int
    shop_order_id: int
    invoice_number: str
    order_number: str
    issued_on: date
    currency: str
    sender: Party
    addressee: Party
    items: list[Item] = field(default_factory=list)
    shipping: Decimal = Decimal("0.00")
    gross_weight_grams: int = 0
    usd_per_unit: Decimal = Decimal("1")  # converts `currency` to USD, for the CN22 limit

    @property
    def goods_total(self) -> Decimal:
        return sum((i.value for i in self.items), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.goods_total + self.shipping

    @property
    def net_weight_grams(self) -> int:
        return sum(i.net_weight_total for i in self.items)

    @property
    def qualifies_for_cn22(self) -> bool:
        """A CN22 travels with letter-post items up to 300 SDR and 2 kg; a CN23 otherwise."""
        value_sdr = self.goods_total * self.usd_per_unit / SDR_IN_USD
        return value_sdr <= 300 and self.gross_weight_grams <= 2000

    def fingerprint(self) -> str:
        """Digest what the documents print, so an unchanged parcel keeps its files."""
        data = asdict(self)
        data.pop("issued_on")  # printing again another day is not a change
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

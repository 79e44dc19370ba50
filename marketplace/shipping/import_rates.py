"""The import-charges rates table: small, dated, and written down with where each figure comes from.

Read by `import_charges.py` to estimate what a buyer pays on delivery. Every rule carries the
date it took effect; `CHECKED_ON` is when the table as a whole was last compared with its
sources. Review it before relying on it for a new season: tariffs moved often in 2025.

Scope: pieces of Moroccan origin (the marketplace's case) sent to the United States, the EU
member states Souk ships to, and the United Kingdom. A piece of another origin gets no duty
figure (the estimate says so) because its duty depends on agreements this table does not hold.

Sources (public texts, named so a reader can check them):
- US: Executive Order 14324 (30 July 2025) suspends duty-free de minimis treatment for all
  countries from 29 August 2025; Executive Order 14257 (2 April 2025, "reciprocal" tariff) sets
  10 % for Morocco from 5 April 2025, on top of the ordinary (MFN) duty; the US–Morocco Free
  Trade Agreement (in force 1 January 2006) makes the ordinary duty 0 % for qualifying
  Moroccan goods. The US levies no VAT at the border. Duty is assessed on the value of the
  goods without the international freight.
- EU: the EU–Morocco Association Agreement (in force 1 March 2000) lets industrial goods of
  Moroccan origin in at 0 % duty with a statement of origin; consignments up to €150 are free
  of duty anyway (Council Regulation 1186/2009, art. 23). Since 1 July 2021 (VAT e-commerce
  package) import VAT is due from the first euro; for consignments up to €150 a seller
  registered for IOSS collects it at the sale, otherwise it is collected on delivery. Souk is
  not registered for IOSS (yet): the buyer pays VAT on delivery. The VAT base is the value of
  the goods plus transport to the destination plus any duty (Directive 2006/112/EC, art. 86).
- UK: the UK–Morocco Association Agreement (in force 1 January 2021) keeps 0 % duty for goods
  of Moroccan origin; import VAT is 20 % of goods + transport + duty. Consignments up to £135
  have VAT charged at the sale by a registered seller; Souk is not, so it is due on delivery.
- VAT rates: each member state's standard rate (European Commission, "VAT rates applied in
  the Member States", 2025 edition); Finland 25.5 % since 1 September 2024.
- Carriers' handling fees: none is in the table yet (no carrier publishes one we could
  verify for parcels from Morocco); the estimate says "not included" instead of guessing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

CHECKED_ON = date(2025, 9, 1)

# The crafts' HS chapters the duty rules were checked for (carpets, ceramics, leather…).
CRAFT_CHAPTERS = ("15", "42", "44", "46", "57", "61", "62", "64", "69", "71", "73", "74", "94")

US_DUTY = {
    # chapter: (ordinary duty under the US–Morocco FTA, additional "reciprocal" duty)
    chapter: (Decimal("0"), Decimal("0.10"))
    for chapter in CRAFT_CHAPTERS
}
US_RULE = {
    "rule": "US: no de minimis since 29 Aug 2025; 0 % FTA duty + 10 % reciprocal tariff (Morocco)",
    "since": date(2025, 8, 29),
    "source": "EO 14324; EO 14257; US–Morocco FTA",
}

EU_VAT = {
    "AT": Decimal("0.20"),
    "BE": Decimal("0.21"),
    "DE": Decimal("0.19"),
    "DK": Decimal("0.25"),
    "ES": Decimal("0.21"),
    "FI": Decimal("0.255"),
    "FR": Decimal("0.20"),
    "GR": Decimal("0.24"),
    "IE": Decimal("0.23"),
    "IT": Decimal("0.22"),
    "LU": Decimal("0.17"),
    "NL": Decimal("0.21"),
    "PL": Decimal("0.23"),
    "PT": Decimal("0.23"),
    "SE": Decimal("0.25"),
}
EU_DUTY_MA_ORIGIN = {chapter: Decimal("0") for chapter in CRAFT_CHAPTERS}
EU_IOSS_LIMIT_EUR = Decimal("150")
EU_RULE_LOW = {
    "rule": "EU: VAT from the first euro (≤ €150: IOSS, not used by Souk: VAT paid on delivery); "
    "no duty",
    "since": date(2021, 7, 1),
    "source": "EU VAT e-commerce package; Regulation 1186/2009 art. 23",
}
EU_RULE_HIGH = {
    "rule": "EU: import VAT on goods + shipping + duty; 0 % duty for Moroccan origin (> €150)",
    "since": date(2021, 7, 1),
    "source": "EU–Morocco Association Agreement; Directive 2006/112/EC art. 86",
}

GB_VAT = Decimal("0.20")
GB_DUTY_MA_ORIGIN = {chapter: Decimal("0") for chapter in CRAFT_CHAPTERS}
GB_RULE = {
    "rule": "UK: import VAT 20 % on goods + shipping + duty; 0 % duty for Moroccan origin",
    "since": date(2021, 1, 1),
    "source": "UK–Morocco Association Agreement; HMRC import VAT",
}

# (carrier code, destination country) → handling fee in MAD, with its source. Empty: none known.
HANDLING_FEES: dict[tuple[str, str], tuple[Decimal, str]] = {}

# The UPU's unit for the CN22 limit (300 SDR). The IMF's valuation moved about USD 1.33–1.37
# in 2025; a little below it, so a parcel near the limit gets a CN23 (always accepted).
SDR_IN_USD = Decimal("1.30")

"""CSV files that a spreadsheet opens without running anything a user typed.

A cell beginning with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (CSV/formula injection: a shop named `=HYPERLINK(...)` in the
payout export). Such cells are prefixed with an apostrophe, which the spreadsheet shows as
text. Plain numbers (-12.50) are left as numbers. Every CSV the project writes goes through
`csv_writer`.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def csv_safe(value) -> object:
    """Return the cell as a spreadsheet will read it as text, never as a formula."""
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


class _SafeWriter:
    """csv.writer whose every cell passes through csv_safe."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _SafeWriter:
    """Return a csv writer that neutralises formula cells (use it for every export)."""
    return _SafeWriter(stream, **kwargs)

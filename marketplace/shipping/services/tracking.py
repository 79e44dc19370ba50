"""Checking a tracking number against its carrier's format before anyone is told about it."""

from __future__ import annotations

from ..carriers import CARRIERS
from ..errors import ShippingError, ShippingErrorCode


def tracking_number_check(*, carrier: str, number: str) -> tuple[str, str]:
    """Return (carrier code, number as the carrier prints it), or refuse a wrong format."""
    found = CARRIERS.get((carrier or "").strip().lower())
    if found is None:
        raise ShippingError(ShippingErrorCode.INVALID_CARRIER, fields={"carrier": ["invalid"]})
    normalised = found.normalise(number)
    if not found.accepts(normalised):
        raise ShippingError(
            ShippingErrorCode.INVALID_TRACKING,
            carrier=str(found.name),
            help=str(found.format_help),
            fields={"tracking_number": ["format"]},
        )
    return found.code, normalised

"""Moroccan RIB (relevé d'identité bancaire) check.

A Moroccan RIB has 24 digits: bank code (3), city code (3), account number (16) and a 2-digit
key. The key is chosen so that the whole 24-digit number is divisible by 97, i.e.
key = 97 - ((bank · city · account) × 100 mod 97) — the standard mod-97 RIB check (the same
rule as the French RIB, with digits only).
"""

import re

_RIB = re.compile(r"^\d{24}$")


def rib_normalise(value: str) -> str:
    """Drop spaces, dots and dashes a person types or copies with the number."""
    return re.sub(r"[\s.\-]", "", value or "")


def rib_key(first22: str) -> str:
    """Return the 2-digit key for the first 22 digits (bank, city, account)."""
    return f"{97 - (int(first22) * 100) % 97:02d}"


def rib_is_valid(value: str) -> bool:
    """Tell whether a RIB has 24 digits and a key that passes the mod-97 check."""
    rib = rib_normalise(value)
    return bool(_RIB.match(rib)) and int(rib) % 97 == 0

"""HS codes: the six-digit Harmonized System number customs read first, and suggestions per craft.

The suggestions are a starting point for the seller (who may know better: a kaftan of silk is
not a kaftan of cotton); they are the HS 2022 subheadings that fit the usual Moroccan piece of
each category. Staff can set a category's code for every product at once (admin, "Customs").
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# HS chapters run from 01 to 97; chapter 77 is reserved for future use.
_CHAPTERS = {f"{n:02d}" for n in range(1, 98)} - {"77"}

# Category slug → (HS 2022 subheading, what it covers). A category without its own entry takes
# its parent's (tagines → pottery).
SUGGESTIONS: dict[str, tuple[str, str]] = {
    "carpets": ("570110", "Carpets, hand-knotted, of wool or fine animal hair"),
    "beni-ourain": ("570110", "Carpets, hand-knotted, of wool or fine animal hair"),
    "azilal-rugs": ("570110", "Carpets, hand-knotted, of wool or fine animal hair"),
    "kilims": ("570210", "Kelem, schumacks and similar hand-woven rugs"),
    "pottery": ("691200", "Ceramic tableware and kitchenware (not porcelain)"),
    "vases-jars": ("691390", "Ornamental ceramic articles"),
    "zellige": ("690730", "Ceramic mosaic cubes"),
    "clothing": ("621149", "Women's garments of other textile materials"),
    "kaftans": ("620449", "Women's dresses of other textile materials"),
    "djellabas": ("621149", "Women's garments of other textile materials"),
    "leather": ("420221", "Handbags with outer surface of leather"),
    "woodwork": ("442090", "Wooden caskets, boxes and ornaments; marquetry"),
    "metal-lanterns": ("940550", "Non-electrical lamps and lighting fittings (lanterns)"),
    "jewellery": ("711311", "Articles of jewellery of silver"),
    "basketry": ("460219", "Basketwork of vegetable materials"),
    "argan": ("151590", "Other fixed vegetable oils (argan oil)"),
}


def normalise_hs(value: str) -> str:
    """Return an HS code without the dots and spaces sellers type (5701.10 → 570110)."""
    return re.sub(r"[\s.]", "", value or "")


def hs_problem(value: str):
    """Return why a (normalised) HS code is refused, or None when it is a valid subheading."""
    if not re.fullmatch(r"\d{6}", value):
        return _("An HS code has exactly 6 digits, e.g. 570110.")
    if value[:2] not in _CHAPTERS:
        return _("%(chapter)s is not an HS chapter (01 to 97).") % {"chapter": value[:2]}
    return None


def validate_hs_code(value: str) -> None:
    """Refuse anything but a six-digit HS code in an existing chapter (model field validator)."""
    if problem := hs_problem(normalise_hs(value)):
        raise ValidationError(problem, code="hs_code")


def hs_chapter(code: str) -> str:
    """Return the two-digit chapter of an HS code."""
    return normalise_hs(code)[:2]


def suggest_hs(category) -> tuple[str, str] | None:
    """Return the suggested (HS code, description) for a category or its nearest ancestor."""
    seen = 0
    while category is not None and seen < 10:
        if category.slug in SUGGESTIONS:
            return SUGGESTIONS[category.slug]
        category = category.parent
        seen += 1
    return None

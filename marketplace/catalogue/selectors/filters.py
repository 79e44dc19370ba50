"""A listing's filters as query parts, and its sort orders (product_listing's pieces)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from ..hooks import listing_filter_q
from ..models import Category, Material, Product, made_of_any
from ..search.query import apply_search
from .cards import products_public
from .prices import price_q


def _kind_q(kind: str) -> Q:
    if kind == "artisan":
        return Q(shop__cooperative__isnull=True)
    if kind == "cooperative":
        return Q(shop__cooperative__isnull=False)
    return Q()


def _sort(qs: QuerySet, sort: str, ranked: bool) -> QuerySet:
    if sort == "relevance" and ranked:
        return qs.order_by("-rank", "-published_at", "-pk")
    if sort == "price_asc":
        return qs.order_by("price", "pk")
    if sort == "price_desc":
        return qs.order_by("-price", "-pk")
    if sort == "rating":
        return qs.order_by("-rating_avg", "-rating_count", "-published_at", "-pk")
    if sort == "relevance":
        return qs.order_by("-featured", "-published_at", "-pk")
    return qs.order_by("-published_at", "-pk")


def _bits(mask: int) -> list[int]:
    """Return the positions of the bits set in `mask`."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass
class _Prepared:
    """A listing's filtered query and the parts the facet counts need (product_listing)."""

    qs: QuerySet[Product]
    ranked: bool
    parts: dict[str, Q]
    rate: Decimal
    sub: Category | None
    in_sub: set[int] | None
    regions: set[str]
    material_slugs: list[str]
    materials: list[Material]
    chosen_bits: int

    def without(self, *names: str) -> Q:
        """Every filter but `names`, and-ed."""
        q = Q()
        for name, part in self.parts.items():
            if name not in names:
                q &= part
        return q


def _prepare(filters, currency, rates, tree, base, category, *, want_materials) -> _Prepared:
    qs = base if base is not None else products_public()
    if category is not None:
        qs = qs.filter(category_id__in=tree.descendants(category))
    # Filters of the apps above (hooks.py) narrow the base: every facet counts within them.
    hooked = listing_filter_q(filters)
    if hooked:
        qs = qs.filter(hooked)
    ranked = False
    if filters.get("q"):
        qs, ranked = apply_search(qs, filters["q"])
    rate = rates.get(currency, Decimal("1"))
    sub = tree.by_slug.get(filters.get("category") or "")
    if sub is not None and category is not None and sub.pk not in tree.descendants(category):
        sub = None
    in_sub = set(tree.descendants(sub)) if sub else None
    regions = set(filters.get("region") or [])
    material_slugs = filters.get("material") or []
    materials = list(Material.objects.all()) if want_materials or material_slugs else []
    # Unknown slugs add no bit: asking only for those matches nothing, as a join would.
    chosen_bits = 0
    for material in materials:
        if material.slug in material_slugs:
            chosen_bits |= material.mask
    parts = {
        "category": Q(category_id__in=in_sub) if sub else Q(),
        "region": Q(region__in=regions) if regions else Q(),
        "material": made_of_any(chosen_bits) if material_slugs else Q(),
        "kind": _kind_q(filters.get("kind") or ""),
        "mto": Q(made_to_order=True) if filters.get("mto") else Q(),
        "stock": Q(in_stock=True) if filters.get("in_stock") else Q(),
        "price": price_q(filters.get("min"), filters.get("max"), currency, rate),
    }
    return _Prepared(
        qs, ranked, parts, rate, sub, in_sub, regions, material_slugs, materials, chosen_bits
    )

"""Writes for the catalogue: the summaries listings read from the product row."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import BigIntegerField, F, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce

from marketplace.caching import changing
from marketplace.caching.deps import EVERYTHING

from ..freshness import products_changing
from ..models import Material, Product, Variant, made_of_any


def product_refresh_summary(*, product_id: int) -> None:
    """Recompute a product's lowest price and in-stock flag from its active variants."""
    agg = Variant.objects.filter(product_id=product_id, is_active=True).aggregate(
        price=Min("price"),
        in_stock=Min("pk", filter=Q(stock__gt=0)),
    )
    made_to_order = (
        Product.objects.filter(pk=product_id).values_list("made_to_order", flat=True).first()
    )
    with products_changing([product_id]):
        Product.objects.filter(pk=product_id).update(
            price=agg["price"] or Decimal("0"),
            in_stock=bool(agg["in_stock"]) or bool(made_to_order),
        )


def material_bits_of(materials: Iterable[Material]) -> int:
    """Return the Product.material_bits value for these materials."""
    bits = 0
    for material in materials:
        bits |= material.mask
    return bits


def material_bits_expression(through=None, material=None) -> Coalesce:
    """Return a product's material bits computed from its M2M rows, for an UPDATE.

    Each (product, material) pair is unique, so the sum of the materials' bits is their OR.
    `through`/`material` are the models to read (a migration passes its historical ones).
    """
    through = through or Product.materials.through
    one = Cast(Value(1), BigIntegerField())
    mine = (
        through.objects.filter(product_id=OuterRef("pk"))
        .values("product_id")
        .annotate(bits=Sum(one.bitleftshift(F("material__bit")), output_field=BigIntegerField()))
        .values("bits")
    )
    return Coalesce(Subquery(mine), Value(0), output_field=BigIntegerField())


def products_refresh_material_bits(*, product_ids: Iterable[int], product=None) -> None:
    """Recompute `material_bits` of these products from their materials, in one UPDATE.

    Called whenever a product's materials change (see signals.py: every M2M write, from the
    services, the admin or a script). `product`, when given, is an in-memory instance among
    them whose field is refreshed too, so a later save() of it keeps the new value.
    """
    ids = list(product_ids)
    if not ids:
        return
    with products_changing(ids):
        Product.objects.filter(pk__in=ids).update(material_bits=material_bits_expression())
    if product is not None:
        product.material_bits = (
            Product.objects.filter(pk=product.pk).values_list("material_bits", flat=True).first()
            or 0
        )


def material_bit_release(*, bit: int) -> None:
    """Clear a deleted material's bit from every product, so the bit can be given again."""
    mask = 1 << bit
    with changing("catalogue_product") as change:
        Product.objects.filter(made_of_any(mask)).update(
            material_bits=F("material_bits").bitand(~mask)
        )
        change.touch(EVERYTHING)  # a material went: every listing's material facet

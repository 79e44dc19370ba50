"""Writes for customs data: a product's or a variant's fields, and staff's fix per category."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.catalogue.models import Category, Product, Variant
from marketplace.core.audit import audit_record

from ..errors import ShippingError, ShippingErrorCode
from ..hs import hs_problem, normalise_hs
from ..models import CustomsFields, ProductCustoms, VariantCustoms


def _cleaned(fields: dict, *, model) -> dict:
    """Normalise and validate customs fields; refuse with the first problem per field."""
    unknown = set(fields) - set(CustomsFields.FIELDS)
    if unknown:
        raise TypeError(f"unexpected customs fields {sorted(unknown)}")
    values = dict(fields)
    if "hs_code" in values:
        values["hs_code"] = normalise_hs(values["hs_code"] or "")
        if values["hs_code"] and (problem := hs_problem(values["hs_code"])):
            raise ShippingError(
                ShippingErrorCode.INVALID_HS_CODE, str(problem), fields={"hs_code": [problem]}
            )
    if "origin_country" in values:
        values["origin_country"] = (values["origin_country"] or "").strip().upper()
    if "composition" in values:
        values["composition"] = (values["composition"] or "").strip()
    probe = model(**values)
    try:
        probe.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in values])
    except ValidationError as error:
        detail = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        first = next(iter(detail.values()))[0]
        raise ShippingError(
            ShippingErrorCode.INVALID_PROFILE, detail=first, fields=detail
        ) from None
    return values


def product_customs_set(*, product_id: int, actor, **fields) -> ProductCustoms:
    """Set a product's customs data (HS code, origin, composition, net weight, dimensions)."""
    values = _cleaned(fields, model=ProductCustoms)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        customs, _created = ProductCustoms.objects.update_or_create(
            product=product, defaults=values
        )
    return customs


def variant_customs_set(*, variant_id: int, actor, **fields) -> VariantCustoms | None:
    """Set what differs for one variant; blank fields take the product's (all blank: removed)."""
    values = _cleaned(fields, model=VariantCustoms)
    with transaction.atomic():
        variant = Variant.objects.select_for_update().get(pk=variant_id)
        if not any(v not in (None, "") for v in values.values()):
            VariantCustoms.objects.filter(variant=variant).delete()
            return None
        customs, _created = VariantCustoms.objects.update_or_create(
            variant=variant, defaults=values
        )
    return customs


def customs_bulk_set_hs(*, category_id: int, hs_code: str, actor, overwrite: bool = False) -> int:
    """Set the HS code of every product in a category and its subcategories; answer how many.

    Without `overwrite`, products whose seller already chose a code keep it.
    """
    hs_code = normalise_hs(hs_code)
    if problem := hs_problem(hs_code):
        raise ShippingError(
            ShippingErrorCode.INVALID_HS_CODE, str(problem), fields={"hs_code": [problem]}
        )
    ids, frontier = {category_id}, {category_id}
    while frontier:  # the category tree is shallow: one query per level
        frontier = (
            set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        )
        ids |= frontier
    with transaction.atomic():
        products = list(
            Product.objects.filter(category_id__in=ids).order_by("pk").values_list("pk", flat=True)
        )
        existing = ProductCustoms.objects.select_for_update().filter(product_id__in=products)
        have = {c.product_id: c for c in existing}
        changed = 0
        for customs in have.values():
            if (overwrite or not customs.hs_code) and customs.hs_code != hs_code:
                customs.hs_code = hs_code
                customs.save(update_fields=["hs_code", "updated_at"])
                changed += 1
        missing = [
            ProductCustoms(product_id=pk, hs_code=hs_code) for pk in products if pk not in have
        ]
        ProductCustoms.objects.bulk_create(missing, ignore_conflicts=True)
        audit_record(
            actor=actor,
            action="customs.hs_code_set_for_category",
            obj=Category.objects.get(pk=category_id),
            changes={
                "hs_code": ["", hs_code],
                "products": ["", str(changed + len(missing))],
                "overwrite": ["", str(overwrite)],
            },
        )
    return changed + len(missing)

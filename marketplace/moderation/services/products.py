"""Product decisions: approve or reject one, or many at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.catalogue.models import Product

from ..errors import ModerationError
from ..errors import ModerationErrorCode as E
from ..reasons import ProductRejectReason
from .audit import audit_record, diff_fields
from .common import compose_reason, notify_shop, reindex

FIELDS = ("status", "status_reason")


def _snapshot(product: Product) -> dict:
    return {field: getattr(product, field) for field in FIELDS}


def _lock_many(product_ids) -> list[Product]:
    ids = sorted({int(pk) for pk in product_ids})
    return list(
        Product.objects.select_for_update().filter(pk__in=ids).select_related("shop").order_by("pk")
    )


def _approve_locked(product: Product, *, actor):
    if product.status != Product.Status.PENDING_REVIEW:
        raise ModerationError(E.BAD_STATUS)
    before = _snapshot(product)
    product.status = Product.Status.PUBLISHED
    product.status_reason = ""
    product.published_at = product.published_at or timezone.now()
    product.save(update_fields=[*FIELDS, "published_at", "updated_at"])
    entry = audit_record(
        actor=actor,
        action="product.approve",
        obj=product,
        changes=diff_fields(before, _snapshot(product)),
    )
    reindex([product.pk])
    notify_shop(
        shop=product.shop,
        decision="product_approved",
        key=f"audit:{entry.pk}",
        context={"product": product},
    )


def reject_locked(product: Product, *, reason: str) -> dict:
    """Take a locked product off the public catalogue with a reason; return what changed."""
    if product.status not in (Product.Status.PENDING_REVIEW, Product.Status.PUBLISHED):
        raise ModerationError(E.BAD_STATUS)
    before = _snapshot(product)
    product.status = Product.Status.REJECTED
    product.status_reason = reason
    product.save(update_fields=[*FIELDS, "updated_at"])
    reindex([product.pk])
    return diff_fields(before, _snapshot(product))


def _reject_locked(product: Product, *, actor, reason: str, reason_code: str):
    text = compose_reason(
        shop=product.shop, choices=ProductRejectReason, code=reason_code, text=reason
    )
    changes = reject_locked(product, reason=text)
    entry = audit_record(
        actor=actor, action="product.reject", obj=product, changes=changes, reason=text
    )
    notify_shop(
        shop=product.shop,
        decision="product_rejected",
        key=f"audit:{entry.pk}",
        context={"product": product, "reason": text},
    )


def product_approve(*, product_id: int, actor) -> Product:
    """Publish a product waiting for review; tell the seller."""
    with transaction.atomic():
        products = _lock_many([product_id])
        if not products:
            raise ModerationError(E.NOT_FOUND)
        _approve_locked(products[0], actor=actor)
    return products[0]


def product_reject(*, product_id: int, actor, reason: str, reason_code: str = "") -> Product:
    """Refuse (or take down) a product with a reason the seller receives."""
    with transaction.atomic():
        products = _lock_many([product_id])
        if not products:
            raise ModerationError(E.NOT_FOUND)
        _reject_locked(products[0], actor=actor, reason=reason, reason_code=reason_code)
    return products[0]


def product_bulk_approve(*, product_ids, actor) -> tuple[int, int]:
    """Publish every listed product still waiting for review; answer (done, skipped)."""
    done = 0
    with transaction.atomic():
        products = _lock_many(product_ids)
        for product in products:
            if product.status == Product.Status.PENDING_REVIEW:
                _approve_locked(product, actor=actor)
                done += 1
    return done, len(set(product_ids)) - done


def product_bulk_reject(
    *, product_ids, actor, reason: str, reason_code: str = ""
) -> tuple[int, int]:
    """Refuse every listed product still waiting for review; answer (done, skipped)."""
    if not (reason or "").strip() and not reason_code:
        raise ModerationError(E.REASON_REQUIRED, fields={"reason": ["required"]})
    done = 0
    with transaction.atomic():
        products = _lock_many(product_ids)
        for product in products:
            if product.status == Product.Status.PENDING_REVIEW:
                _reject_locked(product, actor=actor, reason=reason, reason_code=reason_code)
                done += 1
    return done, len(set(product_ids)) - done

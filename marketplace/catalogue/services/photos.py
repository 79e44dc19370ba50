"""A seller's product photos: upload several at once (checked and cleaned), order, alt text."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from marketplace.core.queueing import task_named

from ..errors import ListingError, ListingErrorCode
from ..images import generated_name, image_clean
from ..models import Product, ProductImage
from .listing import PHOTOS_MAX, _back_to_review, product_reindex


def product_photos_add(*, product_id: int, actor, files, alt_text: str = "") -> list[ProductImage]:
    """Check every file by content, then store them cleaned; renditions follow in a task."""
    files = list(files)
    # All files are checked before anything is stored: one bad file stores nothing.
    cleaned = [image_clean(f) for f in files]
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        if product.status == Product.Status.ARCHIVED:
            raise ListingError(ListingErrorCode.WRONG_STATUS, current=product.get_status_display())
        if product.images.count() + len(cleaned) > PHOTOS_MAX:
            raise ListingError(ListingErrorCode.TOO_MANY_PHOTOS)
        position = product.images.aggregate(m=Max("position"))["m"]
        position = -1 if position is None else position
        created = []
        for clean in cleaned:
            position += 1
            image = ProductImage(
                product=product,
                width=clean.width,
                height=clean.height,
                alt_text=alt_text[:200],
                position=position,
            )
            image.original.save(
                generated_name(clean.extension), ContentFile(clean.data), save=False
            )
            image.save()
            created.append(image)
        if _back_to_review(product):
            product.save(update_fields=["status", "status_reason", "updated_at"])
        image_render = task_named("catalogue.image_render")
        for image in created:
            transaction.on_commit(lambda pk=image.pk: image_render.delay(pk))
        transaction.on_commit(lambda: product_reindex(product.pk))
        return created


def product_photo_update(*, image_id: int, actor, alt_text: str) -> ProductImage:
    """Set a photo's alt text (what a screen reader says)."""
    with transaction.atomic():
        image = ProductImage.objects.select_for_update().get(pk=image_id)
        image.alt_text = alt_text.strip()[:200]
        image.save(update_fields=["alt_text"])
        return image


def product_photos_reorder(*, product_id: int, actor, order: list[int]) -> None:
    """Put the product's photos in the given order (ids not listed keep their place after).

    `order` must name only this product's photos, each once: anything else changes nothing.
    """
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        images = list(product.images.order_by("position", "pk"))
        by_id = {img.pk: img for img in images}
        if not order or len(set(order)) != len(order) or not set(order) <= by_id.keys():
            raise ListingError(ListingErrorCode.PHOTO_ORDER)
        ordered = [by_id[pk] for pk in order if pk in by_id]
        ordered += [img for img in images if img not in ordered]
        for n, img in enumerate(ordered):
            if img.position != n:
                img.position = n
                img.save(update_fields=["position"])
        transaction.on_commit(lambda: product_reindex(product.pk))


def product_photo_move(*, image_id: int, actor, offset: int) -> None:
    """Move a photo one place earlier (-1) or later (+1)."""
    image = ProductImage.objects.get(pk=image_id)
    ids = list(
        ProductImage.objects.filter(product_id=image.product_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    i = ids.index(image.pk)
    j = max(0, min(len(ids) - 1, i + offset))
    ids[i], ids[j] = ids[j], ids[i]
    product_photos_reorder(product_id=image.product_id, actor=actor, order=ids)


def product_photo_delete(*, image_id: int, actor) -> None:
    """Delete a photo and its files; a published product goes back to review."""
    with transaction.atomic():
        image = ProductImage.objects.select_for_update().get(pk=image_id)
        product = Product.objects.select_for_update().get(pk=image.product_id)
        paths = [image.original.name]
        for info in image.renditions.values():
            paths += [info.get("webp"), info.get("jpeg")]
        image.delete()
        if _back_to_review(product):
            product.save(update_fields=["status", "status_reason", "updated_at"])

        def _remove_files():
            from django.core.files.storage import default_storage

            for path in paths:
                if path:
                    default_storage.delete(path)

        transaction.on_commit(_remove_files)
        transaction.on_commit(lambda: product_reindex(product.pk))

"""A seller's product photos: upload several at once (checked and cleaned), order, alt text."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from marketplace.core.queueing import task_named
from marketplace.core.storage import private_storage, public_storage

from ..errors import ListingError, ListingErrorCode
from ..images import build_renditions, generated_name, image_clean
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
        original, renditions = image.original.name, image.rendition_paths()
        rendition_storage = image.rendition_storage
        image.delete()
        if _back_to_review(product):
            product.save(update_fields=["status", "status_reason", "updated_at"])

        def _remove_files():
            if original:
                private_storage().delete(original)
            for path in renditions:
                rendition_storage.delete(path)

        transaction.on_commit(_remove_files)
        transaction.on_commit(lambda: product_reindex(product.pk))


log = logging.getLogger(__name__)


def _shown(product: Product) -> bool:
    return product.status == Product.Status.PUBLISHED


def product_image_render(*, image_id: int) -> bool:
    """Make a photo's renditions where its product's status says; answer if it made them.

    A published product's renditions go to public media, any other's to the private storage.
    The files are written before the row is locked (no lock held across storage calls);
    a photo deleted or rendered by another worker meanwhile gets its new files removed.
    """
    image = ProductImage.objects.select_related("product").filter(pk=image_id).first()
    if image is None or image.renditions:
        return False
    public = _shown(image.product)
    storage = public_storage() if public else private_storage()
    with image.original.open("rb") as fh:
        renditions = build_renditions(fh, storage=storage)
    with transaction.atomic():
        locked = ProductImage.objects.select_for_update().filter(pk=image_id).first()
        if locked is None or locked.renditions:
            made = ProductImage(renditions=renditions).rendition_paths()
            transaction.on_commit(lambda: [storage.delete(p) for p in made])
            return False
        locked.renditions, locked.public = renditions, public
        locked.save(update_fields=["renditions", "public"])
    # The product may have been published or withdrawn while the renditions were made.
    product_image_visibility_sync(image_id=image_id)
    return True


def product_image_visibility_sync(*, image_id: int) -> bool:
    """Put a photo's renditions on public media if its product is published, else private.

    Copies first (no lock held), then flips `public` under the row lock if nothing changed
    meanwhile, then removes the old copies after commit. Answers whether it moved the photo.
    """
    image = ProductImage.objects.select_related("product").filter(pk=image_id).first()
    if image is None:
        return False
    target = _shown(image.product)
    if image.public == target:
        return False
    source, dest = image.rendition_storage, (public_storage() if target else private_storage())
    paths = image.rendition_paths()
    copied = []
    for path in paths:
        if dest.exists(path) or not source.exists(path):
            continue
        with source.open(path, "rb") as fh:
            saved = dest.save(path, fh)
        copied.append(saved)
    with transaction.atomic():
        locked = ProductImage.objects.select_for_update().select_related("product").get(pk=image_id)
        if _shown(locked.product) != target or locked.rendition_paths() != paths:
            # Changed meanwhile: undo the copies; the run for that change does the work.
            transaction.on_commit(lambda: [dest.delete(p) for p in copied])
            return False
        locked.public = target
        locked.save(update_fields=["public"])
        transaction.on_commit(lambda: [source.delete(p) for p in paths])
    log.info("product image %s renditions now %s", image_id, "public" if target else "private")
    return True


def product_images_visibility_sync(*, product_id: int) -> int:
    """Put every photo of a product where its status says; answer how many moved."""
    ids = list(ProductImage.objects.filter(product_id=product_id).values_list("pk", flat=True))
    return sum(product_image_visibility_sync(image_id=pk) for pk in ids)

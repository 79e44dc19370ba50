"""Catalogue tasks: photo renditions run on the "heavy" queue (task names catalogue.image_*).

They read and write files through the storages only, so a worker on another machine works
as soon as the storages are shared (object storage in production).
"""

from celery import shared_task


@shared_task(name="catalogue.image_render", acks_late=True)
def image_render(image_id: int) -> bool:
    """Make the renditions of one product photo unless they already exist; answer if it did."""
    from .services.photos import product_image_render

    return product_image_render(image_id=image_id)


@shared_task(name="catalogue.image_visibility", acks_late=True)
def image_visibility(product_id: int) -> int:
    """Move a product's photos to public media or back to private, as its status says."""
    from .services.photos import product_images_visibility_sync

    return product_images_visibility_sync(product_id=product_id)

"""Catalogue tasks: photo renditions run on the "heavy" queue (task names catalogue.image_*)."""

from celery import shared_task


@shared_task(name="catalogue.image_render", acks_late=True)
def image_render(image_id: int) -> bool:
    """Make the renditions of one product photo unless they already exist; answer if it did."""
    from .images import product_image_render
    from .models import ProductImage

    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or image.renditions:
        return False
    product_image_render(image)
    return True

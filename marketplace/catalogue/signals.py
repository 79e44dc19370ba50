"""Keep Product.material_bits in step with the product/material M2M rows, whoever writes them.

The services, the admin's material picker, seed_demo and test factories all change materials
through the ORM's M2M manager, which sends m2m_changed; deleting a material removes its M2M
rows without that signal, so its bit is cleared from the products here as well. Bulk inserts
into the M2M table (bench/load_catalogue.py) send nothing and set the bits themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Material, Product, ProductImage
from .services.summary import material_bit_release, products_refresh_material_bits

_CLEARED = "_souk_products_before_clear"


@receiver(m2m_changed, sender=Product.materials.through, dispatch_uid="catalogue.material_bits")
def material_bits_follow_materials(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        # material.products.clear(): the products are only known before their rows go.
        setattr(instance, _CLEARED, list(instance.products.values_list("pk", flat=True)))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        products_refresh_material_bits(product_ids=[instance.pk], product=instance)
    elif action == "post_clear":
        products_refresh_material_bits(product_ids=instance.__dict__.pop(_CLEARED, []))
    else:
        products_refresh_material_bits(product_ids=pk_set or [])


@receiver(post_delete, sender=Material, dispatch_uid="catalogue.material_bit_release")
def material_bit_free(sender, instance, **kwargs):
    material_bit_release(bit=instance.bit)


@receiver(post_save, sender=Product, dispatch_uid="catalogue.photo_visibility")
def photos_follow_status(sender, instance, created, update_fields=None, **kwargs):
    """Move a product's photos to public media when published, back to private when not.

    Whoever changes the status (a service, the admin, a factory) saves the product, so this
    is the one place that notices. Withdrawing is done right after commit (the photos must
    stop being public now); publishing is queued (the authorised view serves them meanwhile).
    """
    if created or (update_fields is not None and "status" not in update_fields):
        return
    shown = instance.status == Product.Status.PUBLISHED
    if not (
        ProductImage.objects.filter(product_id=instance.pk)
        .exclude(public=shown)
        .exclude(renditions={})
        .exists()
    ):
        return
    from .services.photos import product_images_visibility_sync
    from .tasks import image_visibility

    pk = instance.pk
    if shown:
        transaction.on_commit(lambda: image_visibility.delay(pk))
    else:
        transaction.on_commit(lambda: product_images_visibility_sync(product_id=pk))

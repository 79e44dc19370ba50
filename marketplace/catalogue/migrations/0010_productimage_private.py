# Product photos: originals to the private storage; renditions public only for published
# products (ProductImage.public says where they are).

from django.db import migrations, models

import marketplace.core.storage


def _paths(renditions: dict) -> list[str]:
    return [p for info in renditions.values() for p in (info.get("webp"), info.get("jpeg")) if p]


def split_public_private(apps, schema_editor):
    """Move originals and unpublished products' renditions off public media."""
    from marketplace.core.storage import private_storage, public_storage, storage_move

    ProductImage = apps.get_model("catalogue", "ProductImage")
    public, private = public_storage(), private_storage()
    for image in ProductImage.objects.select_related("product").iterator():
        if image.original.name:
            storage_move(image.original.name, source=public, target=private)
        shown = image.product.status == "published"
        if not shown:
            for path in _paths(image.renditions):
                storage_move(path, source=public, target=private)
        ProductImage.objects.filter(pk=image.pk).update(public=shown)


def join_public(apps, schema_editor):
    """Put every photo file back on public media (reverse)."""
    from marketplace.core.storage import private_storage, public_storage, storage_move

    ProductImage = apps.get_model("catalogue", "ProductImage")
    public, private = public_storage(), private_storage()
    for image in ProductImage.objects.iterator():
        for path in [image.original.name, *_paths(image.renditions)]:
            if path:
                storage_move(path, source=private, target=public)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0009_listing_sort_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="productimage",
            name="public",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="productimage",
            name="original",
            field=models.ImageField(
                storage=marketplace.core.storage.private_storage,
                upload_to="products/originals/",
                verbose_name="original",
            ),
        ),
        migrations.RunPython(split_public_private, join_public, elidable=True),
    ]

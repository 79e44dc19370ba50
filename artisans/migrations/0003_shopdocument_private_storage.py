# Identity and registration documents move from public media to the private storage.

from django.db import migrations, models

import marketplace.core.storage


def move_to_private(apps, schema_editor):
    """Move every stored document file from public media to the private storage."""
    from marketplace.core.storage import private_storage, public_storage, storage_move

    ShopDocument = apps.get_model("artisans", "ShopDocument")
    public, private = public_storage(), private_storage()
    for doc in ShopDocument.objects.exclude(file="").iterator():
        saved = storage_move(doc.file.name, source=public, target=private)
        if saved != doc.file.name:
            ShopDocument.objects.filter(pk=doc.pk).update(file=saved)


def move_to_public(apps, schema_editor):
    """Put the files back under public media (reverse of move_to_private)."""
    from marketplace.core.storage import private_storage, public_storage, storage_move

    ShopDocument = apps.get_model("artisans", "ShopDocument")
    public, private = public_storage(), private_storage()
    for doc in ShopDocument.objects.exclude(file="").iterator():
        saved = storage_move(doc.file.name, source=private, target=public)
        if saved != doc.file.name:
            ShopDocument.objects.filter(pk=doc.pk).update(file=saved)


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0002_cooperativeinvite_shopdocument"),
    ]

    operations = [
        migrations.AlterField(
            model_name="shopdocument",
            name="file",
            field=models.FileField(
                storage=marketplace.core.storage.private_storage,
                upload_to="shop-documents/",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_to_private, move_to_public, elidable=True),
    ]

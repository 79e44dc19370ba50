"""Give every material a bit and every product the bits of its materials (Product.material_bits),
so the material facet and filter read product_cat_facets instead of the product/material table.
"""

from django.db import migrations, models
from django.db.models import BigIntegerField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce

MATERIALS_MAX = 63


def bits_fill(apps, schema_editor):
    Material = apps.get_model("catalogue", "Material")
    Product = apps.get_model("catalogue", "Product")
    materials = list(Material.objects.order_by("pk"))
    if len(materials) > MATERIALS_MAX:
        raise RuntimeError(
            f"{len(materials)} materials: at most {MATERIALS_MAX} fit in Product.material_bits; "
            "merge some before migrating."
        )
    for bit, material in enumerate(materials):
        material.bit = bit
        material.save(update_fields=["bit"])
    through = Product.materials.through
    one = Cast(Value(1), BigIntegerField())
    bits = (
        through.objects.filter(product_id=OuterRef("pk"))
        .values("product_id")
        .annotate(bits=Sum(one.bitleftshift(F("material__bit")), output_field=BigIntegerField()))
        .values("bits")
    )
    # Only products with materials: an UPDATE also recomputes the stored search vector.
    Product.objects.filter(pk__in=through.objects.values("product_id")).update(
        material_bits=Coalesce(Subquery(bits), Value(0), output_field=BigIntegerField())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0002_cooperativeinvite_shopdocument"),
        ("catalogue", "0004_facet_index_with_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="bit",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, unique=True
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="material_bits",
            field=models.BigIntegerField(
                default=0, editable=False, verbose_name="materials (bits)"
            ),
        ),
        migrations.RunPython(bits_fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="material",
            name="bit",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="material",
            constraint=models.CheckConstraint(
                condition=models.Q(("bit__lt", 63)), name="material_bit_in_range"
            ),
        ),
        migrations.RemoveIndex(
            model_name="product",
            name="product_cat_facets",
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=[
                    "category",
                    "status",
                    "shop",
                    "region",
                    "price",
                    "in_stock",
                    "made_to_order",
                    "material_bits",
                    "id",
                ],
                name="product_cat_facets",
            ),
        ),
    ]

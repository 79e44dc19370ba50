"""Store the search vector (a generated tsvector column with its GIN index on PostgreSQL) and
index every filter and sort the storefront offers.

The GIN index is PostgreSQL-only, so it is created here rather than declared on the model
(SQLite has no GIN and does not read the column); it replaces migration 0002's expression index,
which made PostgreSQL recompute three vectors per row for every recheck and every rank.
"""

from django.db import migrations, models

import marketplace.catalogue.search.fields


VECTOR_SQL = " || ".join(
    f"to_tsvector('{config}'::regconfig, COALESCE(search_text, ''))"
    for config in ("simple", "french", "arabic")
)


def vector_column_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE catalogue_product ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (({VECTOR_SQL})) STORED"
        )
    else:
        schema_editor.execute(
            "ALTER TABLE catalogue_product ADD COLUMN search_vector text "
            "GENERATED ALWAYS AS (NULL) VIRTUAL"
        )


def vector_column_drop(apps, schema_editor):
    schema_editor.execute("ALTER TABLE catalogue_product DROP COLUMN search_vector")


def gin_forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_fts")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_vector ON catalogue_product "
        "USING gin (search_vector)"
    )


def gin_backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_fts ON catalogue_product USING gin ("
        "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"
        " || to_tsvector('french'::regconfig, COALESCE(search_text, ''))"
        " || to_tsvector('arabic'::regconfig, COALESCE(search_text, ''))))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0002_cooperativeinvite_shopdocument"),
        ("catalogue", "0002_search_postgres"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="product",
            name="product_shop_status",
        ),
        migrations.RemoveIndex(
            model_name="product",
            name="product_cat_status",
        ),
        # SQLite refuses ALTER TABLE ADD COLUMN for a STORED generated column once the table
        # has rows (an existing demo database), so the column is added by hand there as a
        # VIRTUAL one (always NULL, never read); PostgreSQL gets the stored tsvector.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="product",
                    name="search_vector",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=marketplace.catalogue.search.fields.SearchDocument(
                            "search_text"
                        ),
                        null=True,
                        output_field=marketplace.catalogue.search.fields.SearchDocumentField(
                            null=True
                        ),
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(vector_column_add, vector_column_drop, elidable=False)
            ],
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["shop", "status", "-published_at"], name="product_shop_pub"),
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
                ],
                name="product_cat_facets",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["status", "-rating_avg", "-rating_count", "-published_at"],
                name="product_status_rating",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["status", "-featured", "-published_at"], name="product_status_featured"
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["status", "region"], name="product_status_region"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["status", "made_to_order"], name="product_status_mto"),
        ),
        migrations.RunPython(gin_forwards, gin_backwards, elidable=False),
    ]

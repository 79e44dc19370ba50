"""PostgreSQL search support: unaccent and pg_trgm when they can be created, plus GIN indexes.

On SQLite (and on a PostgreSQL where the extensions cannot be created) this does nothing; the
search code checks at run time what is available.
"""

from django.db import migrations

# Must stay identical to the expression marketplace.catalogue.search.backends builds, so the
# planner can use the index.
VECTOR_SQL = (
    "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"
    " || to_tsvector('french'::regconfig, COALESCE(search_text, ''))"
    " || to_tsvector('arabic'::regconfig, COALESCE(search_text, '')))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for extension in ("unaccent", "pg_trgm"):
            cursor.execute("SAVEPOINT souk_ext")
            try:
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
                cursor.execute("RELEASE SAVEPOINT souk_ext")
            except Exception:  # no privilege or not shipped: search falls back
                cursor.execute("ROLLBACK TO SAVEPOINT souk_ext")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS product_search_fts ON catalogue_product "
            f"USING gin ({VECTOR_SQL})"
        )
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS product_search_trgm ON catalogue_product "
                "USING gin (search_text gin_trgm_ops)"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS product_search_trgm")
        cursor.execute("DROP INDEX IF EXISTS product_search_fts")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

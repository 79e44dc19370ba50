"""Keep the search text uncompressed on PostgreSQL, so ranking a search reads it directly.

Search results are ranked by where the query's words appear in `search_text` (see
search/query.py). The column averages ~600 bytes, and PostgreSQL compressed it in rows that
also hold the vector and four descriptions, so ranking 10,000 matches spent most of its time
decompressing. EXTERNAL storage never compresses it (the larger vector still moves out of
line); the rows written before are rewritten once. Nothing to do on SQLite.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalogue_product ALTER COLUMN search_text SET STORAGE EXTERNAL"
    )
    # A new value (|| '') is stored under the new rule; an unchanged one would stay compressed.
    schema_editor.execute(
        "UPDATE catalogue_product SET search_text = search_text || '' "
        "WHERE pg_column_size(search_text) < octet_length(search_text)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalogue_product ALTER COLUMN search_text SET STORAGE EXTENDED"
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_search_match_cost")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

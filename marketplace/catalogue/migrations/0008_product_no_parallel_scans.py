"""Read catalogue_product without parallel workers on PostgreSQL.

Listing and search pages read a few thousand to fifty thousand product rows per query. On the
two-core machines Souk runs on, a parallel plan spends more starting its workers and
competing with the other requests for the same cores than it saves: measured at 50,000
products, the search facets took 21 ms in parallel and 11 ms without, the filtered listing's
facets 33 and 25 ms, and no catalogue query got slower. The table's own storage parameter
keeps this to the catalogue; other tables keep the server's setting. Nothing to do on SQLite.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalogue_product SET (parallel_workers = 0)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalogue_product RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_search_text_uncompressed")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

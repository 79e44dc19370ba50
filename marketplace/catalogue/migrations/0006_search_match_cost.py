"""Tell PostgreSQL's planner what matching a stored search vector really costs.

`search_vector @@ query` detoasts the row's vector (about 1.5 kB, kept out of line), several
microseconds a row, but the planner costs the operator like an integer comparison. For a
broad query (one piece in five matches) it then prefers reading and detoasting every row
(~300 ms at 50,000 products) to the GIN index (~20 ms). Raising the operator function's cost
makes it take the index whenever the query has one. Functions in pg_catalog belong to each
database, so this changes nothing outside it; it needs a superuser (or the function's owner),
and where the migration runs without one it is skipped and search still works, only slower.
"""

from django.db import migrations

MATCH_COST = 100  # PostgreSQL's default for the function is 1


def _set_cost(schema_editor, cost: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT souk_match_cost")
        try:
            cursor.execute(
                f"ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST {int(cost)}"
            )
            cursor.execute("RELEASE SAVEPOINT souk_match_cost")
        except Exception:  # not a superuser: keep the default estimate
            cursor.execute("ROLLBACK TO SAVEPOINT souk_match_cost")


def forwards(apps, schema_editor):
    _set_cost(schema_editor, MATCH_COST)


def backwards(apps, schema_editor):
    _set_cost(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_material_bits")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

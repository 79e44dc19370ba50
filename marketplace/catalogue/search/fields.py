"""The stored search document: a tsvector column on PostgreSQL, kept in step by the database.

`Product.search_vector` is a generated column computed from `search_text` with the simple,
French and Arabic configurations, so every write of the search text (one product's UPDATE, a
batch UPDATE, a bulk INSERT) refreshes the vector in the same statement, and `Model.save()` can
never write back a stale one. On other databases the column is a NULL text column nobody reads:
search matches on `search_text` there.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func

# Stemmed configurations stacked on the plain one: French plurals, Arabic affixes.
CONFIGS = ("simple", "french", "arabic")


class SearchDocumentField(SearchVectorField):
    """A `tsvector` on PostgreSQL, a plain (unused) text column on other databases."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(Func):
    """Build the search vector of a text under every configuration (NULL off PostgreSQL)."""

    output_field = SearchDocumentField()

    def __init__(self, expression="search_text", **extra):
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        parts = [f"to_tsvector('{config}'::regconfig, COALESCE({sql}, ''))" for config in CONFIGS]
        return "(" + " || ".join(parts) + ")", list(params) * len(CONFIGS)

"""Refill every product's search text and stored search vector in batches."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from marketplace.catalogue.services.search import REINDEX_BATCH, products_search_reindex


class Command(BaseCommand):
    help = "Refill every product's search text (and its PostgreSQL tsvector), one UPDATE per batch."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH)
        parser.add_argument(
            "--no-vacuum",
            action="store_true",
            help="skip VACUUM ANALYZE of the product table afterwards (PostgreSQL)",
        )

    def handle(self, *args, batch_size, no_vacuum, **options):
        started = time.monotonic()
        changed = products_search_reindex(batch_size=batch_size)
        if connection.vendor == "postgresql" and not no_vacuum and changed:
            # Rewritten rows leave dead tuples and clear the visibility map that index-only
            # facet counts rely on.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE catalogue_product")
        self.stdout.write(
            f"search index: {changed} products updated in {time.monotonic() - started:.1f}s"
        )

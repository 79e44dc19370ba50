"""Load the demo marketplace: accounts, shops, cooperatives, 160 products with photos, orders."""

from django.core.management.base import BaseCommand

from artisans.models import Shop
from marketplace.catalogue.models import Product, ProductImage

from ...data import DEMO_ACCOUNTS, DEMO_PASSWORD
from ...rundirs import run_dirs_make
from ...seed import seed_all


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet=False, **options):
        # Seeding queues work (documents, e-mails) for the worker `make run` starts next.
        run_dirs_make()
        seed_all()
        counts = {
            "shops": Shop.objects.count(),
            "products": Product.objects.filter(status=Product.Status.PUBLISHED).count(),
            "images": ProductImage.objects.count(),
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['shops']} shops, {counts['products']} published "
                f"products, {counts['images']} photos."
            )
        )
        if not quiet:
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            for email, _name, role in DEMO_ACCOUNTS:
                self.stdout.write(f"  {email:<22} {role}")

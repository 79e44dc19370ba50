from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "marketplace.catalogue"
    label = "catalogue"

    def ready(self):
        from . import freshness, signals  # noqa: F401

        freshness.connect()
        from marketplace.caching.pages import register_first_read, register_hole

        from . import fragments
        from .views import buy_box, listing_first_reads, related_box

        register_hole("catalogue.buy_box", buy_box)
        register_hole("catalogue.related", related_box)
        # A product page's rows and parts come with the page lookup's round trip.
        register_first_read("catalogue:product", fragments.first_reads)
        for name in ("catalogue:product_list", "catalogue:search", "catalogue:category"):
            register_first_read(name, listing_first_reads)

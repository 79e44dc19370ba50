from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "marketplace.catalogue"
    label = "catalogue"

    def ready(self):
        from . import freshness, signals  # noqa: F401

        freshness.connect()
        from marketplace.caching.pages import register_first_read, register_hole

        from . import fragments
        from .views import buy_box, related_box

        register_hole("catalogue.buy_box", buy_box)
        register_hole("catalogue.related", related_box)
        # A product page's rows, parts and holes: one round trip once the page lookup missed.
        register_first_read("catalogue:product", fragments.first_reads)

from django.apps import AppConfig


class SellerConfig(AppConfig):
    """The seller screens (pages and API) over artisans, the catalogue, orders and payments."""

    name = "marketplace.seller"
    label = "seller"

    def ready(self):
        from marketplace.core.navigation import register_menu

        from . import navigation

        register_menu(navigation.menu_entries)

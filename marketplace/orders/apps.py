from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"

    def ready(self):
        from marketplace.core.navigation import register_menu

        from . import navigation, signals  # noqa: F401

        register_menu(navigation.menu_entries)

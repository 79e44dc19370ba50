from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "orders"

    def ready(self):
        from marketplace.accounts.hooks import register_country_choices
        from marketplace.catalogue.hooks import variant_ordered
        from marketplace.core.navigation import register_menu

        from . import navigation, signals  # noqa: F401
        from .countries import COUNTRY_CHOICES
        from .selectors import variant_has_order_lines

        register_menu(navigation.menu_entries)
        # The catalogue keeps an ordered variant (switched off) instead of deleting it.
        variant_ordered.register(variant_has_order_lines)
        # A saved address is always in a country checkout ships to.
        register_country_choices(COUNTRY_CHOICES)

from django.apps import AppConfig


class FavouritesConfig(AppConfig):
    name = "marketplace.favourites"
    label = "favourites"
    verbose_name = "Favourites and alerts"

    def ready(self):
        from marketplace.core.navigation import register_menu

        from . import navigation, receivers  # noqa: F401  (log-in merge, restocks, account data)

        register_menu(navigation.menu_entries)

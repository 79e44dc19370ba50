from django.apps import AppConfig


class FavouritesConfig(AppConfig):
    name = "marketplace.favourites"
    label = "favourites"
    verbose_name = "Favourites and alerts"

    def ready(self):
        from . import receivers  # noqa: F401  (log-in merge, restocks, account data)

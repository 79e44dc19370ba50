from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (registers system checks)
        from .cache import install_write_watch

        # Every write to a catalogue table bumps the page-cache version after commit.
        connection_created.connect(install_write_watch, dispatch_uid="souk_page_cache_watch")

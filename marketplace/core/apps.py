from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)

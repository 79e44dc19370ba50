from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the audit of private-file reads)

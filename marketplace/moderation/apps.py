from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"

    def ready(self):
        from marketplace.core.navigation import register_menu

        from . import navigation, receivers  # noqa: F401  (receivers: audit of private-file reads)

        register_menu(navigation.menu_entries)

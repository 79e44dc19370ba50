from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "accounts"

    def ready(self):
        from marketplace.core.navigation import register_menu
        from marketplace.core.views import currency_preference_save

        from . import navigation, signals  # noqa: F401  (connects the log-out receiver)
        from .services import user_update_preferences

        register_menu(navigation.menu_entries)
        # The currency switch (a core view) saves a signed-in user's choice through this hook.
        currency_preference_save.register(user_update_preferences)


class SoukAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: its log-in is guarded like the web log-in."""

    default = False  # named in INSTALLED_APPS; not the accounts app's own config
    default_site = "marketplace.accounts.admin_site.SoukAdminSite"

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"

    def ready(self):
        from marketplace.core.audit import audit_record
        from marketplace.core.navigation import register_menu
        from marketplace.provenance.hooks import shop_trail

        from . import navigation, receivers  # noqa: F401  (receivers: audit of private-file reads)
        from .selectors import shop_trail as moderation_trail
        from .services.audit import audit_record as write_entry

        register_menu(navigation.menu_entries)
        # Apps below moderation write the audit log through core's hook (ARCHITECTURE.md).
        audit_record.register(write_entry)
        # Certificates show (and sign) the moderation steps that verified a shop.
        shop_trail.register(moderation_trail)

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"

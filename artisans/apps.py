from django.apps import AppConfig


class ArtisansConfig(AppConfig):
    name = "artisans"

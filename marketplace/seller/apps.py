from django.apps import AppConfig


class SellerConfig(AppConfig):
    """The seller screens (pages and API) over artisans, the catalogue, orders and payments."""

    name = "marketplace.seller"
    label = "seller"

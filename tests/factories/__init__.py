"""factory_boy factories per domain; import from here."""

from .accounts import UserFactory
from .artisans import ArtisanFactory, CooperativeFactory, ShippingRateFactory, ShopFactory
from .catalogue import CategoryFactory, MaterialFactory, ProductFactory, VariantFactory

__all__ = [
    "ArtisanFactory",
    "CategoryFactory",
    "CooperativeFactory",
    "MaterialFactory",
    "ProductFactory",
    "ShippingRateFactory",
    "ShopFactory",
    "UserFactory",
    "VariantFactory",
]

"""API: categories and the public catalogue (search, facets, sorting, product detail), shops."""

from .serializers import ProductImageSerializer
from .shops import ShopDetail, ShopList, ShopSerializer
from .views import CategoryList, ProductDetail, ProductList, shop_product_count

__all__ = [
    "CategoryList",
    "ProductDetail",
    "ProductImageSerializer",
    "ProductList",
    "ShopDetail",
    "ShopList",
    "ShopSerializer",
    "shop_product_count",
]

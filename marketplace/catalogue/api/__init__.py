"""API: categories and the public catalogue (search, facets, sorting, product detail)."""

from .serializers import ProductImageSerializer
from .views import CategoryList, ProductDetail, ProductList, shop_product_count

__all__ = [
    "CategoryList",
    "ProductDetail",
    "ProductImageSerializer",
    "ProductList",
    "shop_product_count",
]

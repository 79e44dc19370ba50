"""Reads for the catalogue, one module per subject, re-exported here.

`cards` (what a product card reads, pages of cards read lazily), `tree` (categories),
`prices` (price filters in the buyer's currency), `filters` and `listing` (a listing page with
its facets), `public` (home, product, shop and artisan pages, the sitemap).
"""

from .cards import (
    NOT_ON_CARDS,
    NOT_SHOWN,
    ProductPage,
    product_cards,
    product_images,
    products_public,
)
from .listing import RANKING_MAX, FacetValue, Listing, product_listing
from .prices import PRICE_BUCKETS, mad_bounds, price_q
from .public import (
    artisan_cooperatives,
    artisan_for_page,
    artisan_products,
    can_preview,
    cooperative_members,
    home_featured,
    product_for_page,
    product_related,
    product_related_ids,
    shop_for_page,
    sitemap_products,
    sitemap_shops,
    user_manages_shop,
)
from .tree import CategoryTree, categories_top, category_tree

__all__ = [
    "NOT_ON_CARDS",
    "NOT_SHOWN",
    "PRICE_BUCKETS",
    "RANKING_MAX",
    "CategoryTree",
    "FacetValue",
    "Listing",
    "ProductPage",
    "artisan_cooperatives",
    "artisan_for_page",
    "artisan_products",
    "can_preview",
    "categories_top",
    "category_tree",
    "cooperative_members",
    "home_featured",
    "mad_bounds",
    "price_q",
    "product_cards",
    "product_for_page",
    "product_images",
    "product_listing",
    "product_related",
    "product_related_ids",
    "products_public",
    "shop_for_page",
    "sitemap_products",
    "sitemap_shops",
    "user_manages_shop",
]

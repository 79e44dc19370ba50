"""The seller dashboard: the shop at a glance."""

from __future__ import annotations

from marketplace.favourites.selectors import follower_count, most_loved

from .. import selectors
from .common import seller_page, seller_required


@seller_required("dashboard")
def dashboard(request):
    """The shop at a glance: sales, orders, best sellers, low stock, rating, money, reviews."""
    shop = request.seller.shop
    return seller_page(
        request,
        "dashboard.html",
        {
            "shop": shop,
            "figures": selectors.shop_dashboard(shop),
            "money": selectors.shop_money(shop) if request.seller.can("payout") else None,
            # Only the shop's people see these counts; the public never does.
            "loved": most_loved(shop_id=shop.pk),
            "followers": follower_count(shop_id=shop.pk),
        },
    )

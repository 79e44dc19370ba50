"""The seller dashboard: the shop at a glance."""

from __future__ import annotations

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
        },
    )

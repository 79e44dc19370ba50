"""Account-menu entries of the seller area: the shop's pages the user's role may open.

Someone with no shop is offered "Open your shop" (the joining page); an owner or a cooperative
manager gets the dashboard, products and orders (and members for a cooperative's manager); a
cooperative member only what their role allows.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from artisans import selectors as artisans_selectors
from artisans.models import Shop
from marketplace.core.navigation import SELLING, MenuEntry


def menu_entries(request):
    """Return the seller entries for this visitor's role (or the way in for everyone else)."""
    access = artisans_selectors.seller_access(request.user)
    if access is None:
        if request.user.is_authenticated and request.user.is_staff:
            return []  # staff run the marketplace; they are not offered a shop
        return [MenuEntry("sell", _("Open your shop"), reverse("artisans:home"), "shop", SELLING)]
    entries = []
    if access.shop.status != Shop.Status.VERIFIED and access.can("application"):
        entries.append(
            MenuEntry(
                "application",
                _("Shop application"),
                reverse("artisans:application"),
                "edit",
                SELLING,
                0,
            )
        )
    pages = [
        ("dashboard", _("Seller area"), "artisans:dashboard", "shop"),
        ("products", _("My products"), "artisans:products", "pot"),
        ("orders", _("Shop orders"), "artisans:orders", "receipt"),
        ("members", _("Members"), "artisans:members", "people"),
    ]
    for order, (permission, label, name, icon) in enumerate(pages, start=1):
        if access.can(permission):
            key = "seller" if permission == "dashboard" else f"seller-{permission}"
            entries.append(MenuEntry(key, label, reverse(name), icon, SELLING, order))
    return entries

"""Account-menu entries of the orders app: the buyer's own orders."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.core.navigation import BUYING, MenuEntry


def menu_entries(request):
    """ "My orders" for every signed-in account (a buyer's history, even if empty)."""
    if not request.user.is_authenticated:
        return []
    return [MenuEntry("orders", _("My orders"), reverse("orders:order_list"), "box", BUYING)]

"""Account-menu entry of the favourites app (the alerts page is linked from it and from the
account page, so the menu stays short)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.core.navigation import ACCOUNT, MenuEntry


def menu_entries(request):
    """Favourites for everyone: kept in the session before an account, in it after."""
    return [
        MenuEntry(
            "favourites", _("Your favourites"), reverse("favourites:list"), "heart", ACCOUNT, 3
        )
    ]

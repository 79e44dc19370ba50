"""Account-menu entries of the favourites app: loved pieces, alerts and e-mails."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.core.navigation import BUYING, MenuEntry


def menu_entries(request):
    """Favourites for everyone (kept in the session before an account); alerts once signed in."""
    entries = [
        MenuEntry("favourites", _("Your favourites"), reverse("favourites:list"), "♡", BUYING, 5)
    ]
    if request.user.is_authenticated:
        entries.append(
            MenuEntry(
                "alerts",
                _("Your alerts and e-mails"),
                reverse("favourites:alerts"),
                "🔔",
                BUYING,
                6,
            )
        )
    return entries

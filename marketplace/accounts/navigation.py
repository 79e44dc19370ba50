"""Account-menu entries of the accounts app: preferences, and the admin site for superusers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.core.navigation import ACCOUNT, STAFF, MenuEntry


def menu_entries(request):
    """Preferences and saved addresses for every account; the admin site for administrators."""
    user = request.user
    if not user.is_authenticated:
        return []
    entries = [
        MenuEntry(
            "preferences", _("Preferences"), reverse("accounts:preferences"), "settings", ACCOUNT
        ),
        MenuEntry(
            "addresses", _("Your addresses"), reverse("accounts:addresses"), "home", ACCOUNT, 5
        ),
    ]
    if user.is_superuser:
        entries.append(
            MenuEntry("admin", _("Administration"), reverse("admin:index"), "tools", STAFF, 90)
        )
    return entries

"""Account-menu entries of moderation: the queues, analytics and the audit log, staff only."""

from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.core.navigation import STAFF, MenuEntry


def menu_entries(request):
    """Moderation, analytics and the audit log for moderators and administrators."""
    user = request.user
    if not user.is_authenticated or not user.is_moderator:
        return []
    return [
        MenuEntry(
            "moderation", _("Moderation"), reverse("moderation:dashboard"), "shield", STAFF, 1
        ),
        MenuEntry(
            "analytics", _("Analytics"), reverse("moderation:analytics"), "chart-up", STAFF, 2
        ),
        MenuEntry("audit", _("Audit log"), reverse("moderation:audit_log"), "document", STAFF, 3),
    ]

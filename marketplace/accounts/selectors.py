"""Reads for accounts: who on the staff hears about problems that need a person."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import MODERATORS_GROUP, User


def staff_alert_recipients() -> QuerySet[User]:
    """Return the staff who receive operational alerts: active moderators and administrators."""
    return (
        User.objects.filter(is_active=True, email_verified=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )

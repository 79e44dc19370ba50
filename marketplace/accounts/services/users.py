"""Writes for user accounts: creation, preferences, the moderators group."""

from django.contrib.auth.models import Group
from django.db import transaction

from ..models import MODERATORS_GROUP, User


def user_create(*, email: str, password: str, display_name: str = "", **extra) -> User:
    """Create a buyer account."""
    with transaction.atomic():
        return User.objects.create_user(
            email=email, password=password, display_name=display_name, **extra
        )


def user_update_preferences(*, user: User, **fields) -> User:
    """Change a user's display name, language, currency or country (nothing else)."""
    allowed = {"display_name", "language", "currency", "country"}
    changed = [k for k in fields if k in allowed]
    for key in changed:
        setattr(user, key, fields[key])
    if changed:
        user.save(update_fields=changed)
    return user


def user_make_moderator(*, user: User) -> User:
    """Put a user in the moderators group (staff access to the moderation workspace)."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user

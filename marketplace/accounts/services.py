"""Writes for accounts: sign-up, preferences, login throttling."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction

from .models import MODERATORS_GROUP, User


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


def _throttle_key(ident: str) -> str:
    return f"login-throttle:{ident}"


def login_throttle_blocked(*, ident: str) -> bool:
    """Tell whether too many failed log-ins came from this address/e-mail recently."""
    return cache.get(_throttle_key(ident), 0) >= settings.LOGIN_THROTTLE["attempts"]


def login_throttle_fail(*, ident: str) -> None:
    """Count one failed log-in."""
    key = _throttle_key(ident)
    window = settings.LOGIN_THROTTLE["window"]
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def login_throttle_clear(*, ident: str) -> None:
    """Forget failures after a successful log-in."""
    cache.delete(_throttle_key(ident))

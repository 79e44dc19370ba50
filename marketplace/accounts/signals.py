"""Reactions to Django's auth signals: logging out revokes the user's API tokens."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="accounts.revoke_tokens_on_logout")
def revoke_tokens_on_logout(sender, request, user, **kwargs):
    """Revoke the user's API tokens when they log out of the site or the admin."""
    if user is not None and user.pk is not None:
        from .services import api_tokens_revoke

        api_tokens_revoke(user_id=user.pk)

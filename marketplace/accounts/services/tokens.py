"""API tokens: issued on log-in, revoked on log-out, password change or on request."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from ..models import User


def api_token_issue(*, user: User) -> str:
    """Return the user's API token, creating it on first use."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def api_tokens_revoke(*, user_id: int) -> int:
    """Revoke every API token of a user (log-out, revoke endpoint); answer how many."""
    deleted, _ = Token.objects.filter(user_id=user_id).delete()
    return deleted

"""Signed unsubscribe links: they work without logging in, once, and cannot be forged.

A link carries (user, kind, object) signed with the project's secret (Django's signing, salted
for this use only): changing any part breaks the signature. Using it records the link's
digest, so the same link does nothing the second time, even after the buyer subscribes again.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "souk.favourites.unsubscribe"

# What a link can stop: one back-in-stock alert, one shop's weekly e-mail, every shop's weekly
# e-mail, the cart reminders.
ALERT, FOLLOW, DIGESTS, CART = "alert", "follow", "digests", "cart"
KINDS = (ALERT, FOLLOW, DIGESTS, CART)


def unsubscribe_token(*, user_id: int, kind: str, pk: int = 0) -> str:
    """Return the signed token of an unsubscribe link."""
    assert kind in KINDS
    return signing.dumps([int(user_id), kind, int(pk)], salt=SALT)


def unsubscribe_url(*, user_id: int, kind: str, pk: int = 0, language: str = "fr") -> str:
    """Return the absolute unsubscribe link, in the buyer's language."""
    token = unsubscribe_token(user_id=user_id, kind=kind, pk=pk)
    with translation.override(language):
        path = reverse("favourites:unsubscribe", kwargs={"token": token})
    return settings.SITE_URL + path


def read_token(token: str) -> tuple[int, str, int] | None:
    """Return (user id, kind, object id) of a genuine token, or None."""
    try:
        user_id, kind, pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in KINDS or not isinstance(user_id, int) or not isinstance(pk, int):
        return None
    return user_id, kind, pk


def token_digest(token: str) -> str:
    """Return what is kept of a used link."""
    return hashlib.sha256(token.encode()).hexdigest()

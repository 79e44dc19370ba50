"""Favourites and follows of a visitor without an account, kept in their session.

Only ids are kept (at most SESSION_LIMIT of each); they become the account's at log-in or
sign-up (receivers.merge_at_login) and leave the session then.
"""

from __future__ import annotations

SESSION_KEY = "favourites"
SESSION_LIMIT = 100


def _ids(session, kind: str) -> list[int]:
    data = session.get(SESSION_KEY) or {}
    values = data.get(kind) or []
    return [int(v) for v in values if isinstance(v, int) or str(v).isdigit()]


def session_products(session) -> list[int]:
    """Return the ids of the pieces favourited in this session, newest first."""
    return _ids(session, "products")


def session_shops(session) -> list[int]:
    """Return the ids of the shops followed in this session, newest first."""
    return _ids(session, "shops")


def session_set(session, kind: str, pk: int, on: bool) -> None:
    """Add (on) or remove an id of `kind` ("products" or "shops") in the session."""
    data = dict(session.get(SESSION_KEY) or {})
    ids = [i for i in _ids(session, kind) if i != pk]
    if on:
        ids = [pk, *ids][:SESSION_LIMIT]
    data[kind] = ids
    if not any(data.get(k) for k in ("products", "shops")):
        session.pop(SESSION_KEY, None)
        return
    session[SESSION_KEY] = data


def session_take(session) -> tuple[list[int], list[int]]:
    """Return (products, shops) of the session and forget them there."""
    products, shops = session_products(session), session_shops(session)
    session.pop(SESSION_KEY, None)
    return products, shops

"""Hooks the accounts app offers to the apps above it (see marketplace/core/hooks.py).

Besides the hooks: `register_account_data(name, provider)` adds a part to every account's data
export (`provider(user)` returns JSON-able data an app keeps about the user; what it keeps goes
with the account, its rows pointing to the user with on_delete=CASCADE), and the countries a
saved address may be in come from the app that ships (orders).
"""

from __future__ import annotations

from collections.abc import Callable

from marketplace.core.hooks import Hook

user_shop = Hook(
    "accounts.user_shop",
    "Return the shop a user acts for, or None: user_shop(user). Provided by artisans.",
)

_DATA: dict[str, Callable] = {}


def register_account_data(name: str, provider: Callable) -> None:
    """Add a part to every account's data export."""
    _DATA[name] = provider


def account_data_parts() -> dict[str, Callable]:
    """Return the registered export parts."""
    return dict(_DATA)


# Which countries an address may be in: the app that ships (orders) registers its list, so a
# saved address is always one checkout can ship to.
_COUNTRIES: list[tuple[str, object]] = []


def register_country_choices(choices) -> None:
    """Set the (code, name) countries a saved address may use."""
    _COUNTRIES[:] = list(choices)


def country_choices() -> list[tuple[str, object]]:
    """Return the countries a saved address may use (empty: any two-letter code)."""
    return list(_COUNTRIES)

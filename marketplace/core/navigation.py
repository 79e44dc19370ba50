"""The account menu: one navigation model, built per request from the roles the user holds.

Core only keeps the registry; each app that owns pages adds its own entries in its `ready()`
with `register_menu(provider)`, so a lower app never imports a higher one. A provider takes the
request and returns the entries this visitor may open (none when the role is missing). The
header renders them in `group` order, then `order`, inside one `<details>` menu that works
without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

# Groups, top to bottom: what the visitor buys, what they sell, what they moderate, their account.
BUYING, SELLING, STAFF, ACCOUNT = 10, 20, 30, 40


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One link of the account menu."""

    key: str  # stable name for tests and `data-menu` (e.g. "orders", "seller")
    label: str
    url: str
    icon: str = ""  # a name from core/icons.py
    group: int = ACCOUNT
    order: int = 0


MenuProvider = Callable[[object], Iterable[MenuEntry]]
_PROVIDERS: list[MenuProvider] = []


def register_menu(provider: MenuProvider) -> None:
    """Add a source of account-menu entries (called once per app, in its ready())."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def account_menu(request) -> list[list[MenuEntry]]:
    """Return this visitor's menu entries, grouped and ordered (an empty group is left out)."""
    entries = [entry for provider in _PROVIDERS for entry in provider(request)]
    entries.sort(key=lambda e: (e.group, e.order, e.key))
    groups: dict[int, list[MenuEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return list(groups.values())


def menu(request):
    """Context processor: `account_menu`, built only when a template reads it."""
    return {"account_menu": SimpleLazyObject(lambda: account_menu(request))}

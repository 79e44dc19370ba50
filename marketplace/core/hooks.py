"""Hooks: how a lower app asks a higher one for something without importing it.

Apps are layered (ARCHITECTURE.md, checked by `lint-imports`): an app may import the apps below
it, never those above. When a lower app needs a higher one to act — orders asking payments for
a refund, any app writing the moderation audit log — the lower app declares a `Hook` and calls
it; the higher app registers the function in its `AppConfig.ready()`. Calling a hook nobody
registered raises `HookNotRegistered`: a rename on the other side fails loudly, it never turns
a refund into a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class HookNotRegistered(ImproperlyConfigured):
    """A hook was called before (or without) the app that provides it registering itself."""


class Hook:
    """One function a lower app calls and a higher app provides."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc or f"The hook {name}."
        self._function: Callable[..., Any] | None = None

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Provide the hook's function (usable as a decorator); a second call replaces it."""
        self._function = function
        return function

    @property
    def registered(self) -> bool:
        """Tell whether an app provides this hook."""
        return self._function is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._function is None:
            raise HookNotRegistered(
                f"Nothing provides the hook {self.name!r}: the app that implements it must "
                "register it in its AppConfig.ready()."
            )
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}{'' if self.registered else ' (not registered)'}>"

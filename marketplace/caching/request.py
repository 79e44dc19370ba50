"""What one request has read: the clock (before any row) and the dependencies it showed.

The page-cache middleware opens this state for every cacheable view before the view runs, so
no view can forget to read the clock; selectors, template tags and fragments declare what they
showed with `depends_on()`. A hole (a part of a page cached on its own, such as the stock in
the buy box) collects its dependencies apart, so the page does not go stale with it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from .deps import EVERYTHING


@dataclass
class RequestState:
    clock: int | None  # read before the view; None: entries may be read, never stored
    stamps: dict[str, int] = field(default_factory=dict)  # read after the clock (fragments.py)
    epoch: str | None = None  # the cache's epoch: this process's fragment copies hold under it
    prefetched: dict[str, tuple | None] = field(default_factory=dict)  # fragments.prefetch()
    stack: list[set[str]] = field(default_factory=lambda: [{EVERYTHING}])
    hole_tags: set[str] = field(default_factory=set)
    edge: bool = False  # answered to a shared cache (Varnish, a CDN): no per-visitor bits

    @property
    def tags(self) -> set[str]:
        return self.stack[0]


_state: contextvars.ContextVar[RequestState | None] = contextvars.ContextVar(
    "souk_caching_request", default=None
)


def current() -> RequestState | None:
    """Return this request's caching state (None outside a cacheable view)."""
    return _state.get()


def begin(state: RequestState | None) -> contextvars.Token:
    return _state.set(state)


def end(token: contextvars.Token) -> None:
    _state.reset(token)


def depends_on(*tags: str) -> None:
    """Declare that what is being rendered shows these dependencies."""
    state = _state.get()
    if state is not None:
        state.stack[-1].update(t for t in tags if t)


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the dependencies of a part rendered apart (a hole) in the yielded set."""
    state = _state.get()
    tags: set[str] = {EVERYTHING}
    if state is None:
        yield tags
        return
    state.stack.append(tags)
    try:
        yield tags
    finally:
        state.stack.pop()
        state.hole_tags.update(tags)


def clock() -> int | None:
    """Return the clock this request read before its view, if it did."""
    state = _state.get()
    return state.clock if state is not None else None


def stamp(tag: str) -> int | None:
    """Return the stamp of `tag` read with the request's clock (see Memo), if it was."""
    state = _state.get()
    return state.stamps.get(tag) if state is not None else None

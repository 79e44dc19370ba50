"""Parts of pages cached on their own (cards, facet counts, holes), checked by their dependencies.

An entry is (clock, tags, value): the clock the request read before it read the rows, and the
dependencies the value shows. Reading validates every entry against the stamps of its tags;
the tags of what is used are declared to the request, so a page built from fragments depends
on what they show. Storing needs the request's clock: a request that did not read it before
its rows (no cacheable view) only reads.

Round trips, measured (bench/profile_pages.py): an uncached listing made eight, the product
page nine, a third of their time. So, within a request that read the clock:
- the stamps it read are kept for the rest of the request (`RequestState.stamps`). That is
  as true as reading them again: a stamp written after that read is newer than the request's
  clock, so the page stored from this request is stale at once, as it would be anyway;
- this process keeps its own copy of the entries it read or stored (`local`, bounded by
  bytes), tagged with the cache's epoch: an entry held here only needs its stamps, and those
  of every key asked are read in one MGET with the entries not held here. A cache emptied or
  restarted (its stamps lost) has a new epoch, so no copy outlives it;
- `prefetch()` reads keys a view will need a little later in the same round trip (and
  `peek()` tells which: the cards of a page whose ids this process holds).
Values other than text are kept pickled and read back as a fresh copy for each request.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from . import deps, request

logger = logging.getLogger("marketplace.caching")
TIMEOUT = 3600


def enabled(http_request=None) -> bool:
    """Whether fragments are cached for this request (the bench's cold header turns them off)."""
    if not deps.enabled():
        return False
    header = getattr(settings, "FRAGMENT_CACHE_BYPASS_HEADER", None)
    return not (header and http_request is not None and http_request.META.get(header))


class LocalFragments:
    """This process's copy of fragment entries: key -> (epoch, clock, tags, expires, value).

    A value that is not text is kept pickled (a request may change the objects it reads).
    Bounded by FRAGMENT_CACHE_LOCAL_BYTES (least recently read out first); 0 turns it off.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lent = threading.local()  # key -> (entry, value) unpacked by peek(), see get()

    @staticmethod
    def _limit() -> int:
        return int(getattr(settings, "FRAGMENT_CACHE_LOCAL_BYTES", 32 * 1024 * 1024))

    def get(self, key: str, epoch: str, *, lend: bool = False):
        """Return (clock, tags, value) held for `key` under `epoch`, or None.

        Each call unpacks a fresh copy (a request may change what it reads), except that a
        copy unpacked with `lend=True` (peek(): only read, to choose what to prefetch) is
        handed to the next get() of the same entry in this thread instead of unpacking again.
        """
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] != epoch or entry[3] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
        _epoch, clock, tags, _expires, value, _size = entry
        if isinstance(value, bytes):
            loans = self._loans()
            lent = loans.pop(key, None)
            fresh = lent is None or lent[0] is not entry
            # Our own entries, never a visitor's bytes:
            value = pickle.loads(value) if fresh else lent[1]  # noqa: S301
            if lend:
                if len(loans) >= 16:  # loans not taken (a page then served whole) go
                    loans.clear()
                loans[key] = (entry, value)
        return clock, tags, value

    def _loans(self) -> dict:
        loans = getattr(self._lent, "loans", None)
        if loans is None:
            loans = self._lent.loans = {}
        return loans

    def put(self, key: str, epoch: str, clock: int, tags, value, timeout: int) -> None:
        limit = self._limit()
        if limit <= 0:
            return
        if not isinstance(value, str):
            try:
                value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            except Exception:  # not picklable here: it is only kept in Redis
                logger.warning("caching: %s not kept in this process", key, exc_info=True)
                return
        size = len(value) + len(key) + 200
        if size > limit // 8:
            return
        entry = (epoch, clock, tuple(tags), time.monotonic() + timeout, value, size)
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > limit and self._entries:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[5]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        return self._bytes


local = LocalFragments()


def _read(keys: list[str], hint_tags: Iterable[str] = ()) -> dict[str, tuple[int, tuple, object]]:
    """Return the fresh entries among `keys`: {key: (clock, tags, value)}.

    One MGET reads the entries this process does not hold and the stamps not read yet in this
    request (of the entries held here and of `hint_tags`); one more only if an entry read from
    Redis shows a tag whose stamp was not read, or an entry held here went stale (another
    process may have stored it anew).
    """
    state = request.current()
    epoch = getattr(state, "epoch", None)
    stamped = state.stamps if state is not None and state.clock is not None else {}
    held: dict[str, tuple] = {}
    if epoch is not None:
        for key in keys:
            entry = local.get(key, epoch)
            if entry is not None:
                held[key] = entry
    remote = [key for key in keys if key not in held]
    wanted = set(hint_tags).union(*(entry[1] for entry in held.values())) - stamped.keys()
    stamp_keys = {deps.stamp_key(tag): tag for tag in wanted}
    found = cache.get_many([*remote, *stamp_keys]) if remote or stamp_keys else {}
    stamped.update({tag: int(found.get(key) or 0) for key, tag in stamp_keys.items()})
    entries = {key: found[key] for key in remote if key in found}
    stale = [key for key, entry in held.items() if not deps.is_fresh(entry[0], entry[1], stamped)]
    if stale:
        entries.update(cache.get_many(stale))
    missing = set().union(*(entry[1] for entry in entries.values())) - stamped.keys()
    if missing:
        stamped.update(deps.stamps(missing))
    fresh = {}
    for key in keys:
        entry = entries.get(key) or held.get(key)
        if entry is None or not deps.is_fresh(entry[0], entry[1], stamped):
            continue
        fresh[key] = entry
        if epoch is not None and key in entries:
            # Kept no longer than a page: what bounds staleness when a stamp could not be made.
            local.put(key, epoch, entry[0], entry[1], entry[2], _local_timeout())
    return fresh


def _local_timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 600))


def peek(key: str):
    """Return the value this process holds for `key`, unchecked (None if none).

    Only to choose what to prefetch (the cards of a page whose ids are held here): never
    shown, since it may be stale; get_many() checks whatever is shown. Never change what it
    returns: the same copy is handed to the request's get_many() of that entry.
    """
    state = request.current()
    epoch = getattr(state, "epoch", None)
    if epoch is None:
        return None
    entry = local.get(key, epoch, lend=True)
    return entry[2] if entry is not None else None


def prefetch(keys: Iterable[str], hint_tags: Iterable[str] = ()) -> None:
    """Read `keys` now, in one round trip, for get_many() to find later in this request."""
    state = request.current()
    if state is None or state.clock is None:
        return
    keys = [key for key in keys if key and key not in state.prefetched]
    if not keys:
        return
    try:
        fresh = _read(keys, hint_tags)
    except Exception:
        logger.exception("caching: fragments unavailable, rendering")
        return
    for key in keys:
        state.prefetched[key] = fresh.get(key)


_PREFETCHERS: dict[str, list] = {}


def register_prefetch(name: str, keys) -> None:
    """Let an app name the fragments it will read on a page: `keys(obj)` returns
    (keys, hint_tags). A lower app's page asks prefetch_keys_for(name, obj) and never has to
    know the higher app (the reviews on a product page)."""
    _PREFETCHERS.setdefault(name, []).append(keys)


def prefetch_keys_for(name: str, obj) -> tuple[list[str], list[str]]:
    """Return the keys and hint tags the apps registered for page `name` and `obj`."""
    keys: list[str] = []
    hint_tags: list[str] = []
    for provider in _PREFETCHERS.get(name, ()):
        more_keys, more_tags = provider(obj)
        keys += more_keys
        hint_tags += more_tags
    return keys, hint_tags


def get_many(keys: Iterable[str], hint_tags: Iterable[str] = ()) -> dict[str, object]:
    """Return the fresh values among `keys`, declaring their dependencies to the request.

    `hint_tags`: tags the entries are expected to show (card:<id>…), read in the same round
    trip as the entries.
    """
    keys = list(keys)
    if not keys:
        return {}
    state = request.current()
    prefetched = state.prefetched if state is not None else {}
    out: dict[str, tuple] = {}
    rest = []
    for key in keys:
        if key in prefetched:
            if prefetched[key] is not None:
                out[key] = prefetched[key]
        else:
            rest.append(key)
    if rest:
        try:
            out.update(_read(rest, hint_tags))
        except Exception:
            logger.exception("caching: fragments unavailable, rendering")
    values = {}
    for key, (_clock, tags, value) in out.items():
        request.depends_on(*tags)
        values[key] = value
    return values


def set_many(items: dict[str, tuple[object, Iterable[str]]], timeout: int = TIMEOUT) -> None:
    """Keep these values with their dependencies, at the clock the request read first."""
    state = request.current()
    clock = request.clock()
    for _value, tags in items.values():
        request.depends_on(*tags)
    if clock is None or not items:
        return
    entries = {
        key: (clock, tuple({deps.EVERYTHING, *tags}), value) for key, (value, tags) in items.items()
    }
    try:
        cache.set_many(entries, timeout)
    except Exception:
        logger.exception("caching: could not store %d fragments", len(entries))
        return
    epoch = getattr(state, "epoch", None)
    if epoch is not None:
        for key, (entry_clock, tags, value) in entries.items():
            local.put(key, epoch, entry_clock, tags, value, timeout)
    for key in entries:
        if state is not None:
            state.prefetched.pop(key, None)

"""Queue a draining task once: while one is queued and not started, later work rides on it.

A drain task (send the outbox, apply the recorded webhooks) reads every pending row when it
starts, so a second copy queued before it starts would find nothing left. A short-lived cache
flag says "a drain is queued": whoever sets it publishes the task, everyone else skips
publishing; the task clears the flag first thing, so rows committed from then on queue a new
drain. The flag expires by itself, so a task lost with the broker holds nothing back for long,
and the sweeps (outbox sweep, payments reconcile) pick up whatever such a loss left. The flag
needs the cache every process shares (Redis); with a per-process cache (the embedded default)
each transaction simply publishes its own drain.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from .transactions import on_commit_once

log = logging.getLogger(__name__)

FLAG_SECONDS = 30
_publishers: dict[str, Callable[[], None]] = {}  # one callable per key: found again by identity


def drain_started(key: str) -> None:
    """Clear the flag: called by the drain task before it reads anything."""
    try:
        cache.delete(key)
    except Exception:  # the cache is down: the flag expires on its own
        log.warning("could not clear the queue flag %s", key)


def _shared_cache() -> bool:
    # The worker clears a flag the web process set: a per-process cache (the embedded
    # default) cannot carry it, so there every transaction publishes its own drain.
    return not isinstance(caches["default"], (LocMemCache, DummyCache))


def drain_enqueue(task, key: str) -> None:
    """Publish `task` (no arguments) unless a copy queued under `key` has not started yet."""
    try:
        claimed = cache.add(key, 1, FLAG_SECONDS) if _shared_cache() else True
    except Exception:  # without the cache, publish every time
        claimed = True
    if not claimed:
        return
    try:
        task.delay()
    except Exception:
        drain_started(key)  # nothing is queued after all
        raise


def drain_enqueue_on_commit(task, key: str) -> None:
    """Have `task` drain once this transaction commits (one publish per transaction at most)."""
    publish = _publishers.get(key)
    if publish is None:

        def publish():
            drain_enqueue(task, key)

        _publishers[key] = publish
    # robust: with the broker down the change still stands; a sweep drains it later.
    on_commit_once(publish)

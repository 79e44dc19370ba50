"""Queue a draining task once: while one is queued and not started, later work rides on it.

A drain task (send the outbox, apply the recorded webhooks) reads every pending row when it
starts, so a second copy queued before it starts would find nothing left. A short-lived cache
flag says "a drain is queued": whoever sets it publishes the task, everyone else skips
publishing; the task clears the flag first thing, so rows committed from then on queue a new
drain. Normally a drain starts within milliseconds and clears it; the flag's own life only
matters when the task never starts (lost with the broker, or taken by a worker that was then
killed), so it is kept short (FLAG_SECONDS): after that, new rows publish again. The sweeps
(outbox sweep, webhooks sweep) pick up whatever such a loss left behind. The flag
needs the cache every process shares (Redis); with a per-process cache (the embedded default)
each transaction simply publishes its own drain.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from .ratelimit import warn_once_in_a_while
from .transactions import on_commit_once

log = logging.getLogger(__name__)

FLAG_SECONDS = 5  # was 30: after a worker crash it held back every drain for that long
_publishers: dict[str, Callable[[], None]] = {}  # one callable per key: found again by identity


def task_named(name: str):
    """Answer the Celery task registered as `name`; raise celery's NotRegistered when none is.

    Services queue their own app's tasks by name: the tasks module calls the services, so a
    service importing it back would close an import cycle (bench/import_cycles.py counts them).
    """
    from celery import current_app

    if name not in current_app.tasks:
        # A web process has not run the worker's autodiscovery: run it once (imports tasks.py).
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


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
            try:
                drain_enqueue(task, key)
            except Exception as exc:  # the broker is down: the sweep drains these rows later
                warn_once_in_a_while("drain %s not queued, left to the sweep: %s", key, exc)

        _publishers[key] = publish
    # robust: with the broker down the change still stands; a sweep drains it later.
    on_commit_once(publish)

"""Counters in the shared cache for security limits (log-ins, account e-mails, reports).

A limit that cannot be counted must not silently let everything through: when the cache does
not answer, these raise `LimitUnavailable`, and the caller refuses with a 503 and Retry-After
(fail closed) rather than allowing unlimited password guesses while Redis is down. Plain load
throttles (marketplace/core/throttles.py) fail open instead.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
_last_warning = [0.0]


class LimitUnavailable(Exception):
    """The counters cannot be read or written (the cache is down)."""

    retry_after = RETRY_AFTER_SECONDS


def warn_once_in_a_while(message: str, *args) -> None:
    """Log a cache outage at most every 10 s per process (not once per request)."""
    now = time.monotonic()
    if now - _last_warning[0] >= 10:
        _last_warning[0] = now
        log.warning(message, *args)


def hashed(value: str) -> str:
    """Return a short digest of an e-mail or other identifier kept in cache keys."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:24]


def counts(keys: list[str]) -> dict[str, int]:
    """Return the current value of each counter (0 when absent)."""
    try:
        found = cache.get_many(keys)
    except Exception as exc:
        warn_once_in_a_while("rate-limit counters unavailable: %s", exc)
        raise LimitUnavailable from exc
    return {key: int(found.get(key) or 0) for key in keys}


def hit(key: str, window: int) -> int:
    """Add one to a counter that expires `window` seconds after its first hit; answer the count."""
    try:
        if cache.add(key, 1, window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            return 1
    except Exception as exc:
        warn_once_in_a_while("rate-limit counters unavailable: %s", exc)
        raise LimitUnavailable from exc


def reset(key: str) -> None:
    """Forget a counter (a missing cache is no reason to fail the caller here)."""
    try:
        cache.delete(key)
    except Exception as exc:
        warn_once_in_a_while("rate-limit counter not cleared: %s", exc)

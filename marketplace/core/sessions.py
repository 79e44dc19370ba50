"""Cached database sessions that keep working while the cache (Redis) is down.

Django's cached_db store reads the cache first and falls back to the database, but a cache
that raises (Redis unreachable) turns every request with a session into a 500. Here the cache
is wrapped: a failed read is a miss (the session comes from the database), a failed write or
delete is logged and its key remembered, and this process deletes those keys from the cache
as soon as it answers again, so a session changed during the outage (a log-out) is never read
back from a stale copy afterwards.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches

from .ratelimit import warn_once_in_a_while

_stale: set[str] = set()  # keys this process could not write or delete
_stale_lock = threading.Lock()


class _TolerantCache:
    """The session cache, answering a miss instead of raising when it is unreachable."""

    def __init__(self, cache):
        self._cache = cache

    def _failed(self, key: str, exc: Exception) -> None:
        warn_once_in_a_while("session cache unavailable, using the database: %s", exc)
        with _stale_lock:
            _stale.add(key)

    def _forget_stale(self) -> None:
        if not _stale:
            return
        with _stale_lock:
            keys = list(_stale)
            _stale.clear()
        try:
            self._cache.delete_many(keys)
        except Exception:
            with _stale_lock:
                _stale.update(keys)

    def get(self, key, default=None):
        self._forget_stale()  # first, so a copy older than the database is never read
        if key in _stale:
            return default
        try:
            return self._cache.get(key, default)
        except Exception as exc:
            warn_once_in_a_while("session cache unavailable, using the database: %s", exc)
            return default

    def set(self, key, value, timeout=None):
        try:
            self._cache.set(key, value, timeout)
        except Exception as exc:
            self._failed(key, exc)

    def add(self, key, value, timeout=None):
        try:
            return self._cache.add(key, value, timeout)
        except Exception as exc:
            self._failed(key, exc)
            return False

    def delete(self, key):
        try:
            return self._cache.delete(key)
        except Exception as exc:
            self._failed(key, exc)
            return False

    def __contains__(self, key):
        if key in _stale:
            return False
        try:
            return key in self._cache
        except Exception as exc:
            warn_once_in_a_while("session cache unavailable, using the database: %s", exc)
            return False


class SessionStore(CachedDBStore):
    """cached_db sessions whose cache may be down: the database answers meanwhile."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _TolerantCache(caches[settings.SESSION_CACHE_ALIAS])

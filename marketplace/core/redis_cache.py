"""Django's Redis cache, keeping one redis.Redis client per connection pool.

Django's RedisCacheClient builds a new redis.Redis object for every cache call; its
constructor fills a table of ~170 response callbacks each time, which cost a page-cache hit
about a tenth of its time. A client is only a thin handle on its pool and is thread-safe, so
one per pool does the same work.

Keys are not checked against memcached's rules (250 characters, no spaces or control
characters): Redis has no such limits, and the check walks every character of every key, which
for the 24 card keys of a listing page cost more than unpickling the cards.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    """Reuse one client object per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SoukRedisCache(RedisCache):
    """RedisCache with the pooled client, without memcached's key checks."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient

    def validate_key(self, key: str) -> None:
        """Accept any key: Redis keys may be any bytes (memcached's limits do not apply)."""

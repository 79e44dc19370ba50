"""The Redis cache backend: one client per pool, and Redis's own key rules (not memcached's)."""

import warnings

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.base import CacheKeyWarning

from marketplace.core.redis_cache import SoukRedisCache

pytestmark = pytest.mark.redis


def test_the_configured_cache_is_the_pooled_redis_backend():
    backend = caches["default"]
    assert isinstance(backend, SoukRedisCache)
    client = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is client  # one redis.Redis per pool, reused


def test_keys_memcached_would_refuse_work_without_a_warning():
    long_key = "listing:" + "x" * 300
    spaced = "card:fr:MAD:a key with spaces"
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.set_many({long_key: 1, spaced: 2})
        assert cache.get_many([long_key, spaced]) == {long_key: 1, spaced: 2}

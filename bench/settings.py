"""Benchmark settings: the production settings plus a floor view mounted only here.

Run with DJANGO_DEBUG=0 and the environment bench/run.py sets (souk_bench, Redis db 8).
"""

import os

from marketplace.settings import *  # noqa: F403
from marketplace.settings import MIDDLEWARE, RUN_DIR

ROOT_URLCONF = "bench.urls"
# Keep the benchmark's collected static files away from the project's own STATIC_ROOT.
STATIC_ROOT = RUN_DIR / "static"
# wrk may send this header to measure a cacheable page without the page cache.
PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
# …and this one (with the one above) to measure it built from the database alone: no cached
# cards or facet counts either.
FRAGMENT_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_COLD"
if os.environ.get("BENCH_NO_PAGE_CACHE") == "1":
    MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("marketplace.caching.")]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

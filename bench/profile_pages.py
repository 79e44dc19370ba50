"""Time the benchmark's catalogue pages in-process, without the page cache, and count queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/souk_bench \
        .venv/bin/python bench/profile_pages.py [--repeat 5] [--slow 5]

Prints, per page, the median and best wall time in ms, the number of SQL queries, the time
spent in SQL and the Redis round trips (with --redis: fragments kept there, as the bench's
uncached mode); with --slow N, the N slowest queries of each page. Cheap enough to run on a
shared machine (a few seconds), unlike bench/run.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def _setup(redis_url: str = "") -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if redis_url:
        # As the benchmark's "uncached" mode: the page cache bypassed, the fragments it
        # shares with other pages (cards, facet counts) kept in this Redis.
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.setdefault("BENCH_NO_PAGE_CACHE", "1")
        os.environ.pop("REDIS_URL", None)  # local-memory cache: no page cache, no shared state
    import django

    django.setup()


def pages() -> dict[str, str]:
    """Return the same paths bench/run.py measures."""
    from marketplace.catalogue.models import Product

    product = Product.objects.filter(slug__startswith="bench-p-000001-").values_list(
        "slug", flat=True
    )[0]
    return {
        "home": "/fr/",
        "category listing": "/fr/c/pottery/",
        "listing + facets": "/fr/products/?region=marrakech-safi&material=clay&in_stock=on"
        "&sort=price_asc",
        "search": "/fr/search/?q=tajine",
        "search 2 words": "/fr/search/?q=tapis+laine",
        "search arabic": "/fr/search/?q=%D9%81%D8%AE%D8%A7%D8%B1",
        "product": f"/fr/p/{product}/",
        "shop": "/fr/shops/bench-shop-0001/",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slow", type=int, default=0, help="print the N slowest queries")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument(
        "--redis", default="", help="a Redis URL: fragments cached there (the bench's uncached)"
    )
    parser.add_argument(
        "--profile", type=int, default=0, help="cProfile each page; print its N costliest calls"
    )
    args = parser.parse_args(argv)
    _setup(args.redis)
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from marketplace.catalogue.models import Product

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_BENCH_BYPASS="1")
    size = Product.objects.count()
    round_trips = _count_redis_commands()
    print(f"database {connection.settings_dict['NAME']}: {size} products")
    print(f"{'page':<18} {'p50 ms':>8} {'min ms':>8} {'queries':>8} {'sql ms':>8} {'redis':>6}")
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        for name, path in pages().items():
            if wanted and name not in wanted:
                continue
            client.get(path)  # warm templates and connection
            times, sql = [], []
            for _ in range(args.repeat):
                reset_queries()
                round_trips[0] = 0
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                queries = list(connection.queries)
                sql.append(sum(float(q["time"]) for q in queries) * 1000)
            print(
                f"{name:<18} {statistics.median(times):8.1f} {min(times):8.1f}"
                f" {len(queries):8d} {statistics.median(sql):8.1f} {round_trips[0]:6d}"
            )
            if args.profile:
                _profile(client, path, args.repeat, args.profile)
            if args.slow:
                for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.slow]:
                    print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    return 0


def _count_redis_commands() -> list[int]:
    """Count the commands sent to Redis (one round trip each; an MGET is one)."""
    import redis

    counter = [0]
    send = redis.Redis.execute_command

    def counting(self, *args, **options):
        counter[0] += 1
        return send(self, *args, **options)

    redis.Redis.execute_command = counting
    return counter


def _profile(client, path: str, repeat: int, top: int) -> None:
    """Print the `top` functions by own time and by cumulative time over `repeat` renders."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
        start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        print(f"    by {order} ({repeat} renders):")
        for line in lines[start : start + top + 1]:
            print("      " + line[:150])


if __name__ == "__main__":
    raise SystemExit(main())

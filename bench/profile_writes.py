"""Time the mixed mode's write requests in-process and count what each one costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/souk_bench REDIS_URL=redis://…/N \
        STRIPE_API_BASE=http://127.0.0.1:<localstripe port> \
        .venv/bin/python bench/profile_writes.py [--repeat 20] [--profile 25]

The requests are the ones bench/mixed.py's buyers send through the API: add a cart line
(POST /api/v1/cart/lines/), remove it (DELETE), add one and check out (POST /api/v1/checkout/).
Printed per request: the median and best wall time in ms, the SQL queries, their time, the
time in COMMIT (the commit waits for the disk's fsync), the Redis round trips, the time waiting
on the payment provider. With --profile N, cProfile's N costliest calls of each request. Needs
a loaded benchmark catalogue (bench/load_catalogue.py) and, for the checkout, localstripe.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ADDRESS = {
    "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
    "postal_code": "02110", "country": "US",
}  # fmt: skip


def _setup() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


class Meter:
    """Wall time of SQL, of COMMIT, of the provider's HTTP calls and the Redis commands."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.queries = 0
        self.sql = 0.0
        self.commit = 0.0
        self.provider = 0.0
        self.redis = 0
        self.log: list[tuple[float, str]] = []

    def install(self):
        import redis
        import requests
        from django.db import connection

        meter = self

        def sql_wrapper(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                meter.queries += 1
                meter.sql += time.perf_counter() - started
                meter.log.append((time.perf_counter() - started, sql))

        connection.execute_wrappers.append(sql_wrapper)
        commit = connection.commit

        def timed_commit():
            started = time.perf_counter()
            try:
                return commit()
            finally:
                meter.commit += time.perf_counter() - started

        connection.commit = timed_commit
        send = redis.Redis.execute_command

        def counting(self, *args, **options):
            meter.redis += 1
            return send(self, *args, **options)

        redis.Redis.execute_command = counting
        request = requests.Session.request

        def timed_request(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return request(self, *args, **kwargs)
            finally:
                meter.provider += time.perf_counter() - started

        requests.Session.request = timed_request


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N costliest")
    parser.add_argument("--queries", action="store_true", help="print the last one's queries")
    args = parser.parse_args(argv)
    _setup()
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Variant
    from marketplace.catalogue.selectors import products_public

    meter = Meter()
    meter.install()
    run = int(time.time())
    variants = list(
        Variant.objects.filter(
            is_active=True, stock__gt=5, product__in=products_public(), product__made_to_order=False
        ).values_list("pk", flat=True)[:200]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"pw-{run}-{n}@example.com", password="!", display_name=f"PW {n}")
            for n in range(args.repeat + 2)
        ]
    )
    users = list(User.objects.filter(email__startswith=f"pw-{run}-").order_by("pk"))
    tokens = [Token.objects.create(user=u).key for u in users]

    def client(token):
        return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")

    def post(c, path, payload, **extra):
        return c.post(path, json.dumps(payload), content_type="application/json", **extra)

    figures: dict[str, list[tuple]] = {}

    def timed(name, call):
        meter.reset()
        started = time.perf_counter()
        response = call()
        wall = time.perf_counter() - started
        figures.setdefault(name, []).append(
            (wall, meter.queries, meter.sql, meter.commit, meter.provider, meter.redis)
        )
        last_queries[name] = meter.log
        return response

    profiles: dict[str, object] = {}
    last_queries: dict[str, list] = {}

    def profiled(name, call):
        if not args.profile:
            return timed(name, call)
        import cProfile

        profiler = profiles.setdefault(name, cProfile.Profile())
        profiler.enable()
        try:
            return timed(name, call)
        finally:
            profiler.disable()

    # Warm-up: one of each, not counted.
    warm = client(tokens[-1])
    post(warm, "/api/v1/cart/lines/", {"variant": variants[0], "quantity": 1})
    post(warm, "/api/v1/checkout/", {"currency": "USD", "shipping_address": ADDRESS})
    for n in range(args.repeat):
        c = client(tokens[n])
        variant = variants[n % len(variants)]
        line = {"variant": variant, "quantity": 1}
        answer = profiled(
            "cart line add", lambda c=c, line=line: post(c, "/api/v1/cart/lines/", line)
        )
        assert answer.status_code == 201, answer.content
        line_id = answer.json()["lines"][0]["id"] if "lines" in answer.json() else None
        if line_id is None:
            line_id = answer.json()["shops"][0]["lines"][0]["id"]
        answer = profiled(
            "cart line remove", lambda c=c, i=line_id: c.delete(f"/api/v1/cart/lines/{i}/")
        )
        assert answer.status_code == 204, answer.content
        post(c, "/api/v1/cart/lines/", line)
        answer = profiled(
            "checkout",
            lambda c=c, n=n: post(
                c, "/api/v1/checkout/", {"currency": "USD", "shipping_address": ADDRESS},
                HTTP_IDEMPOTENCY_KEY=f"pw-{run}-{n}",
            ),
        )  # fmt: skip
        assert answer.status_code == 201, answer.content
    print(
        f"{'request':<18} {'p50 ms':>7} {'min ms':>7} {'queries':>7} {'sql ms':>7}"
        f" {'commit ms':>9} {'provider ms':>11} {'redis':>5}"
    )
    for name, rows in figures.items():
        med = [statistics.median(col) for col in zip(*rows, strict=True)]
        print(
            f"{name:<18} {med[0] * 1000:7.1f} {min(r[0] for r in rows) * 1000:7.1f}"
            f" {med[1]:7.0f} {med[2] * 1000:7.1f} {med[3] * 1000:9.1f} {med[4] * 1000:11.1f}"
            f" {med[5]:5.0f}"
        )
    if args.queries:
        for name, log in last_queries.items():
            print(f"--- {name}: {len(log)} queries")
            for seconds, sql in log:
                print(f"  {seconds * 1000:6.1f} ms  {sql[:150]}")
    if args.profile:
        import io
        import pstats

        for name, profiler in profiles.items():
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.profile)
                print(f"--- {name}, by {order}")
                lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
                start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
                for ln in lines[start : start + args.profile + 1]:
                    print("  " + ln[:160])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

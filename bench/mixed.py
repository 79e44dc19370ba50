"""Mixed mode: anonymous traffic over the whole catalogue while buyers check out.

Run by bench/run.py against its gunicorn + Celery + localstripe stack (`make bench`, or
`bench/run.py --mixed-only` for this part alone). What a busy shop looks like:

- anonymous visitors: wrk (-t1, bench/mix.lua) replays a list of requests drawn from a Zipf
  distribution (s = 1) over every product page and every category listing page (first pages
  and the next ones) in three languages (fr, ar, en), each request in one of three currencies
  (MAD 60 %, EUR 25 %, USD 15 %; a currency other than MAD is the cookie a visitor gets from the
  currency switch, whatever the code keeps it in);
- at the same time, buyers check out through the API at a fixed rate (0, 1 and 5 orders per
  second): each order puts one piece of a random in-stock variant in the buyer's cart
  (POST /api/v1/cart/lines/) and checks out (POST /api/v1/checkout/, stock decremented,
  PaymentIntent created at localstripe); a control run writes only carts at 5 per second.

Printed per write rate: anonymous req/s, p50 and p99, the share of answers served from the page
cache (X-Page-Cache: hit), the ratio to the run without writes and to the floor (fixed bytes
through the middleware stack) measured in the same run, and the orders placed.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "ar", "en")
CURRENCIES = (("MAD", 0.60), ("EUR", 0.25), ("USD", 0.15))
REQUESTS = 200_000  # the replayed list; longer than any run at these rates
PER_PAGE = 24
MAX_LISTING_PAGES = 5
WARM_MAX_SECONDS = 240
ADDRESS = {
    "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
    "postal_code": "02110", "country": "US",
}  # fmt: skip


# --- set-up, inside Django (a child process with the benchmark's environment) ---------------


def _setup(buyers: int) -> dict:
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Category, Product, Variant
    from marketplace.catalogue.selectors import products_public

    run = int(time.time())
    User.objects.bulk_create(
        [
            User(email=f"mixed-{run}-{n}@example.com", password="!", display_name=f"Mixed {n}")
            for n in range(buyers)
        ]
    )
    users = list(User.objects.filter(email__startswith=f"mixed-{run}-").order_by("pk"))
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
    variants = list(
        Variant.objects.filter(
            is_active=True, stock__gt=0, product__in=products_public(), product__made_to_order=False
        ).values_list("pk", flat=True)
    )
    slugs = list(products_public().values_list("slug", flat=True))
    counts = {}
    for category in Category.objects.all():
        ids = [category.pk, *Category.objects.filter(parent=category).values_list("pk", flat=True)]
        counts[category.slug] = products_public().filter(category_id__in=ids).count()
    return {
        "tokens": [t.key for t in tokens],
        "variants": variants,
        "products": slugs,
        "categories": counts,
        "all": Product.objects.count(),
    }


# --- the request list -----------------------------------------------------------------------


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def currency_cookie(base: str, currency: str) -> str:
    """Return the Cookie header of an anonymous visitor who chose `currency` in the switcher."""
    _status, headers, body = _get(base + "/fr/")
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    data = f"currency={currency}&next=/fr/&csrfmiddlewaretoken={token}".encode()
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
        base + "/fr/currency/",
        data=data,
        headers={"Cookie": cookie, "Referer": base + "/fr/", "Origin": base},
        method="POST",
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=30)
        set_cookies = response.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as err:  # the 302 lands here without a redirect handler
        if err.code != 302:
            raise
        set_cookies = err.headers.get_all("Set-Cookie") or []
    for value in set_cookies:
        jar.load(value)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


def page_paths(data: dict) -> list[str]:
    """Return every product page and category listing page, in every benchmark language."""
    paths = []
    for lang in LANGUAGES:
        paths += [f"/{lang}/p/{slug}/" for slug in data["products"]]
        for slug, count in data["categories"].items():
            pages = min(MAX_LISTING_PAGES, max(1, -(-count // PER_PAGE)))
            paths.append(f"/{lang}/c/{slug}/")
            paths += [f"/{lang}/c/{slug}/?page={n}" for n in range(2, pages + 1)]
    return paths


def request_list(
    paths: list[str], cookies: dict[str, str], out: Path, warm: Path, seed: int = 21
) -> int:
    """Write the replayed list: Zipf (s = 1) over the shuffled pages, a currency per request.

    `warm` receives each distinct request once: the warm-up asks every page of the list before
    anything is measured, so the run without writes shows a warm cache (the tail of a Zipf
    list is asked rarely, and would otherwise be a miss whatever the invalidation does).
    """
    rng = random.Random(seed)
    ranked = paths[:]
    rng.shuffle(ranked)  # popularity unrelated to kind, language or position
    weights = [1 / (rank + 1) for rank in range(len(ranked))]
    chosen = rng.choices(ranked, weights=weights, k=REQUESTS)
    currencies = rng.choices(
        [c for c, _ in CURRENCIES], weights=[w for _, w in CURRENCIES], k=REQUESTS
    )
    with out.open("w") as f:
        for path, currency in zip(chosen, currencies, strict=True):
            f.write(f"{path}\t{cookies.get(currency, '')}\n")
    distinct = list(dict.fromkeys(zip(chosen, currencies, strict=True)))
    with warm.open("w") as f:
        for path, currency in distinct:
            f.write(f"{path}\t{cookies.get(currency, '')}\n")
    return len(distinct)


# --- the buyers -----------------------------------------------------------------------------


def _api(base: str, token: str, method: str, path: str, payload: dict | None = None, **headers):
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
        base + path,
        data=json.dumps(payload).encode() if payload is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", **headers},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            body = response.read()
            return response.status, json.loads(body) if body else {}
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, {}


class Buyers:
    """Buyers writing at a fixed rate (checkouts, or cart lines only) on their own threads."""

    def __init__(self, base: str, data: dict, seed: int = 7):
        self.base = base
        self.tokens = list(data["tokens"])
        self.variants = data["variants"]
        self.rng = random.Random(seed)
        self.lock = threading.Lock()

    def _token(self) -> str:
        with self.lock:
            return self.tokens.pop()

    def checkout(self) -> str:
        token = self._token()
        variant = self.rng.choice(self.variants)
        line = {"variant": variant, "quantity": 1}
        status, _ = _api(self.base, token, "POST", "/api/v1/cart/lines/", line)
        if status != 201:
            return "refused"
        status, _ = _api(
            self.base, token, "POST", "/api/v1/checkout/",
            {"currency": "USD", "shipping_address": ADDRESS},
            **{"Idempotency-Key": f"mixed-{token}"},
        )  # fmt: skip
        return "placed" if status == 201 else "refused" if status == 409 else f"error {status}"

    def cart_only(self) -> str:
        token = self.tokens[self.rng.randrange(len(self.tokens))]
        variant = self.rng.choice(self.variants)
        line = {"variant": variant, "quantity": 1}
        status, body = _api(self.base, token, "POST", "/api/v1/cart/lines/", line)
        if status != 201:
            return f"error {status}"
        # The cart answer groups its lines per shop; the line is taken out again, so the
        # control adds and removes (it used to look for a top-level "lines" and removed none).
        for shop in body.get("shops", []):
            for cart_line in shop.get("lines", []):
                _api(self.base, token, "DELETE", f"/api/v1/cart/lines/{cart_line['id']}/")
        return "placed"

    def run(self, rate: float, seconds: float, kind: str) -> dict:
        """Write `rate` times per second for `seconds` (in a pool, so a slow answer never
        delays the next write); return the outcomes counted."""
        outcomes: dict[str, int] = {}
        if rate <= 0:
            return outcomes
        work = self.checkout if kind == "checkout" else self.cart_only
        futures = []
        with ThreadPoolExecutor(8) as pool:
            start = time.monotonic()
            n = 0
            while time.monotonic() - start < seconds:
                due = start + n / rate
                time.sleep(max(0.0, due - time.monotonic()))
                futures.append(pool.submit(work))
                n += 1
        for future in futures:
            try:
                outcome = future.result()
            except Exception as exc:  # a benchmark reports, it does not stop
                outcome = f"error {type(exc).__name__}"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        return outcomes


# --- wrk ----------------------------------------------------------------------------------------


def wrk_mix(base: str, requests_file: Path, connections: int, seconds: int, offset: int) -> dict:
    from bench.run import _ms

    argv = [
        "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "mix.lua"), base, "--", str(requests_file), str(offset),
    ]  # fmt: skip
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    found = re.search(r"PAGECACHE hits=(\d+) misses=(\d+) others=(\d+) errors=(\d+)", out)
    hits, misses, others, errors = (int(g) for g in found.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
        "hit": hits / max(1, hits + misses + others),
        "errors": errors,
    }


def run(*, base: str, env: dict[str, str], seconds: int = 10, warmup: int = 20,
        connections: int = 16, rounds: int = 1) -> list[str]:  # fmt: skip
    """Run the mixed mode against a running stack; return the report lines.

    With `rounds` > 1 the floor and the four rows are measured that many times, one round
    after the other, and the medians are printed: each ratio is to the floor and to the
    no-write row of its own round (on a shared machine, only one sitting compares).
    """
    from bench.run import RUN, drain, wrk

    buyers_needed = max(400, 80 * rounds + 100)  # a checkout uses its buyer once
    setup = subprocess.run(
        [sys.executable, "bench/mixed.py", "--setup", str(buyers_needed)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    cookies = {c: currency_cookie(base, c) for c, _ in CURRENCIES if c != "MAD"}
    paths = page_paths(data)
    requests_file = RUN / "mixed-requests.tsv"
    warm_file = RUN / "mixed-warm.tsv"
    distinct = request_list(paths, cookies, requests_file, warm_file)
    print(
        f"  mixed: {len(paths)} pages ({len(data['products'])} products, "
        f"{len(data['categories'])} categories, {len(LANGUAGES)} languages) × "
        f"{len(CURRENCIES)} currencies; {distinct} distinct in the list of {REQUESTS}",
        flush=True,
    )
    drain(base)
    # Fill the caches, not measured: every distinct request once (the list in order, until it
    # has gone round once at the rate the warm-up itself shows), then the mix for `warmup` s.
    started, done = time.monotonic(), 0
    while done < distinct and time.monotonic() - started < WARM_MAX_SECONDS:
        rate = wrk_mix(base, warm_file, connections, 10, done)["rps"]
        done += int(rate * 10)
    wrk_mix(base, requests_file, connections, warmup, 0)
    buyers = Buyers(base, data)
    runs = (("none", 0, "checkout"), ("1 checkout/s", 1, "checkout"),
            ("5 checkouts/s", 5, "checkout"), ("5 cart writes/s", 5, "cart"))  # fmt: skip
    floors, measured = [], []  # per round: the floor, and {label: (result, writes)}
    for n in range(rounds):
        drain(base)
        floors.append(wrk(base + "/bench/floor/", connections, seconds, {}))
        measured.append({})
        for i, (label, rate, kind) in enumerate(runs):
            drain(base)
            box: dict = {}
            writer = threading.Thread(
                target=lambda rate=rate, kind=kind, box=box: box.update(
                    buyers.run(rate, seconds, kind)
                )
            )
            writer.start()
            offset = 7919 * (i + 1) + 104729 * n
            result = wrk_mix(base, requests_file, connections, seconds, offset)
            writer.join()
            measured[n][label] = (result, box)
            print(
                f"  [{n + 1}] mixed {label:<16} {result['rps']:>8.1f} req/s"
                f"  p50 {result['p50']:>6.1f} ms  p99 {result['p99']:>7.1f} ms"
                f"  hits {result['hit'] * 100:5.1f} %  writes {box}",
                flush=True,
            )
    return _report(data, paths, connections, seconds, runs, floors, measured)


def _report(data, paths, connections, seconds, runs, floors, measured) -> list[str]:
    med = statistics.median
    rounds = len(floors)
    floor_rps = med(f[0] for f in floors)
    lines = [
        f"Mixed mode ({data['all']} products; Zipf s=1 over {len(paths)} product and category "
        f"pages in {', '.join(LANGUAGES)} × MAD/EUR/USD; wrk -t1 -c{connections}, {seconds}s "
        "per row, after a warm-up"
        + (f"; median of {rounds} rounds, each ratio to its own round's rows)" if rounds > 1
           else ")"),
        f"  {'writes':<16} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>8} {'page-cache hits':>16}"
        f" {'÷ no-write':>11} {'÷ floor':>8}  writes done",
        f"  {'floor':<16} {floor_rps:>8.1f} {med(f[1] for f in floors):>7.1f}"
        f" {med(f[2] for f in floors):>8.1f} {'':>16} {'':>11} {100.0:>7.1f}%",
    ]  # fmt: skip
    for label, _rate, _kind in runs:
        rows = [m[label] for m in measured]
        results = [r for r, _ in rows]
        writes: dict[str, int] = {}
        for _, box in rows:
            for k, v in box.items():
                writes[k] = writes.get(k, 0) + v
        done = ", ".join(f"{k} {v}" for k, v in sorted(writes.items())) or "-"
        to_none = med(
            r["rps"] / m["none"][0]["rps"] * 100 for r, m in zip(results, measured, strict=True)
        )
        to_floor = med(r["rps"] / f[0] * 100 for r, f in zip(results, floors, strict=True))
        per_round = (
            " (rounds: " + ", ".join(
                f"{r['rps'] / m['none'][0]['rps'] * 100:.0f}" for r, m in zip(
                    results, measured, strict=True)) + " %)"
            if rounds > 1 and label != "none" else ""
        )  # fmt: skip
        errors = sum(r["errors"] for r in results)
        lines.append(
            f"  {label:<16} {med(r['rps'] for r in results):>8.1f}"
            f" {med(r['p50'] for r in results):>7.1f} {med(r['p99'] for r in results):>8.1f}"
            f" {med(r['hit'] for r in results) * 100:>15.1f}% {to_none:>10.1f}%"
            f" {to_floor:>7.1f}%  {done}{per_round}" + (f"  ({errors} errors)" if errors else "")
        )
    lines.append("  targets: 1 checkout/s ≥ 70 % of no-write; 5 checkouts/s ≥ 50 %")
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) == 3 and sys.argv[1] == "--setup":
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        print(json.dumps(_setup(int(sys.argv[2]))))
    else:
        print("Run through bench/run.py --mixed-only (it starts the stack this needs).")
        raise SystemExit(2)

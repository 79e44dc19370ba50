"""Benchmark the production set-up on 127.0.0.1 and print the figures.

    .venv/bin/python bench/run.py            # or: make bench

What it does, and always undoes: (re)creates the PostgreSQL database souk_bench, empties Redis
db 8, migrates, collects static files, loads 1,000 products across 500 shops, starts gunicorn
(2 sync workers, DJANGO_DEBUG=0) and a Celery worker, runs wrk (-t1, so the load generator keeps
to one core) against the floor and each catalogue page at 16 and 64 connections, cached and
uncached, then tops the catalogue up to 50,000 products and runs the pages again, runs the
checkout/fulfilment benchmark, stops every process it started (even on error or Ctrl-C) and
prints the tables and each worker's memory. Only ever targets 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "run" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
BIN = Path(PY).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "souk_bench"
REDIS_URL = "redis://127.0.0.1:6379/8"
HOST = "127.0.0.1"
SLOW_SECONDS = 2.0


def bench_env(port: int) -> dict[str, str]:
    """Return the environment of every process the benchmark starts."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SITE_URL=f"http://{HOST}:{port}",
        DATABASE_URL=f"{PG}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="souk-bench",
        SOUK_RUN_DIR=str(RUN),
        MEDIA_ROOT=str(RUN / "media"),
        EMAIL_URL="dummymail://",
        THROTTLE_USER="1000000/min",
        THROTTLE_ANON="1000000/min",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("SOUK_TESTING", None)
    return env


# --- processes ------------------------------------------------------------------------------------


class Stack:
    """The processes the benchmark started; stop() ends exactly those, by process group."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: list = []

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        RUN.mkdir(parents=True, exist_ok=True)
        log = open(RUN / f"{name}.log", "wb")  # noqa: SIM115  (closed in stop())
        self.logs.append(log)
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.procs[name] = proc
        return proc

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        for log in self.logs:
            log.close()
        self.procs.clear()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Return the pids whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def proc_memory_kb(pid: int) -> tuple[int, int]:
    """Return (VmRSS, VmHWM) in kB for a process, or (0, 0) when it is gone."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


@dataclass
class MemorySampler:
    """Sample the RSS of the gunicorn and Celery worker processes twice a second."""

    stack: Stack
    samples: dict[tuple[str, int], list[tuple[float, int, int]]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def watched(self) -> list[tuple[str, int]]:
        out = []
        for name, proc in self.stack.procs.items():
            if proc.poll() is not None:
                continue
            if name == "gunicorn":
                out += [("gunicorn worker", pid) for pid in children(proc.pid)]
            elif name == "celery":
                out.append(("celery main", proc.pid))
                out += [("celery pool", pid) for pid in children(proc.pid)]
        return out

    def run(self) -> None:
        while not self._stop.wait(0.5):
            now = time.monotonic()
            for label, pid in self.watched():
                rss, hwm = proc_memory_kb(pid)
                if rss:
                    self.samples.setdefault((label, pid), []).append((now, rss, hwm))

    def start(self) -> None:
        threading.Thread(target=self.run, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def report(self) -> list[str]:
        lines = [
            "process               pid     peak RSS   RSS at half   RSS at end   growth (2nd half)"
        ]
        for (label, pid), samples in sorted(self.samples.items()):
            if len(samples) < 2:
                continue
            t0, t1 = samples[0][0], samples[-1][0]
            half = next(s for s in samples if s[0] >= (t0 + t1) / 2)
            peak = max(max(s[1] for s in samples), samples[-1][2])
            end = samples[-1][1]
            growth = (end - half[1]) / half[1] * 100
            lines.append(
                f"{label:<20} {pid:>6} {peak / 1024:>9.1f} MB {half[1] / 1024:>10.1f} MB"
                f" {end / 1024:>9.1f} MB {growth:>+12.1f} %"
            )
        return lines


# --- wrk ----------------------------------------------------------------------------------------


@dataclass
class Result:
    page: str
    mode: str
    connections: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    size: int
    ratio: float | None = None  # to the floor of the same round (the median of the rounds')
    rounds: int = 1


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url: str, connections: int, seconds: int, headers: dict[str, str]) -> tuple:
    """Run wrk once; return (req/s, p50 ms, p99 ms, errors)."""
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for k, v in headers.items():
        argv += ["-H", f"{k}: {v}"]
    out = subprocess.run([*argv, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # The distribution lines start with the percentile; a stdev share such as "89.99%" elsewhere
    # in wrk's output must not be taken for one.
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        # Sync gunicorn closes every connection after the answer: wrk counts some of those
        # closes as "read" errors; connect/write/timeout and non-2xx answers are real errors.
        errors += int(m.group(1)) + int(m.group(3)) + int(m.group(4))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    return rps, p50, p99, errors


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (127.0.0.1)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def drain(base: str) -> None:
    """Wait until the requests wrk left queued are answered, so runs do not overlap."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        t = time.monotonic()
        try:
            fetch(base + "/bench/floor/")
        except OSError:  # still queued behind the slow requests: ask again
            continue
        if time.monotonic() - t < 0.05:
            return


def wait_until_up(base: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(base + "/bench/floor/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {base} (see {RUN}/gunicorn.log)")


def pages(env: dict[str, str]) -> dict[str, str]:
    """Return the benchmark's page paths, using slugs the loader always creates."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        product = conn.execute(
            "SELECT slug FROM catalogue_product WHERE slug LIKE 'bench-p-000001-%%'"
        ).fetchone()[0]
    return {
        "home": "/fr/",
        "category listing": "/fr/c/pottery/",
        "listing + facets": "/fr/products/?region=marrakech-safi&material=clay&in_stock=on"
        "&sort=price_asc",
        "search": "/fr/search/?q=tajine",
        "product": f"/fr/p/{product}/",
        "shop": "/fr/shops/bench-shop-0001/",
    }


# cached: what an anonymous visitor gets; uncached: the page cache bypassed, so the page is
# rendered, with the cards and facet counts other pages left in the cache (what a page never
# rendered since the last catalogue change costs); cold: built from the database alone.
COLD = {"X-Bench-Bypass": "1", "X-Bench-Cold": "1"}
MODES = (("cached", {}), ("uncached", {"X-Bench-Bypass": "1"}), ("cold", COLD))


def measure(base, size, connections_list, seconds, env, modes=MODES, rounds=1) -> list[Result]:
    """Measure every page in `modes` `rounds` times; return the median of each figure.

    Each round measures the floor first, and each page's ratio is to the floor of its own
    round: on a shared machine the ratios of one sitting are what can be compared.
    """
    runs = [_measure_once(base, size, connections_list, seconds, env, modes, n)
            for n in range(rounds)]  # fmt: skip
    if rounds == 1:
        return runs[0]
    merged = []
    for i, first in enumerate(runs[0]):
        same = [run[i] for run in runs]
        floors = [
            next(r for r in run if r.page == "floor" and r.connections == first.connections)
            for run in runs
        ]
        merged.append(
            Result(
                first.page, first.mode, first.connections,
                statistics.median(r.rps for r in same),
                statistics.median(r.p50_ms for r in same),
                statistics.median(r.p99_ms for r in same),
                sum(r.errors for r in same), size,
                ratio=statistics.median(
                    r.rps / f.rps * 100 if f.rps else 0 for r, f in zip(same, floors, strict=True)
                ),
                rounds=rounds,
            )
        )  # fmt: skip
    return merged


def _measure_once(base, size, connections_list, seconds, env, modes, round_no) -> list[Result]:
    results = []
    slow: set[str] = set()
    paths = pages(env)
    for name, path in paths.items():
        status, headers, body = fetch(base + path)
        status2, headers2, _ = fetch(base + path)
        print(
            f"  {name:<18} {path[:60]:<60} {status} {len(body) // 1024} KB"
            f" cache={headers2.get('X-Page-Cache', '-')}",
            flush=True,
        )
        t = time.monotonic()
        status3 = fetch(base + path, COLD)[0]
        render_s = time.monotonic() - t
        if status != 200 or status2 != 200 or status3 != 200:
            print(f"  {name}: skipped, answers {status}/{status2}/{status3}", flush=True)
            paths[name] = ""
        elif render_s > SLOW_SECONDS:
            # Uncached, it would tie up both workers for minutes and poison the next runs.
            print(f"  {name}: cold render took {render_s:.1f}s: uncached and cold runs skipped")
            slow.add(name)
    for connections in connections_list:
        drain(base)
        rps, p50, p99, err = wrk(base + "/bench/floor/", connections, seconds, {})
        results.append(Result("floor", "-", connections, rps, p50, p99, err, size))
        for mode, headers in modes:
            for name, path in paths.items():
                if not path:
                    continue
                if mode != "cached" and name in slow:
                    results.append(Result(name, "too slow", connections, 0, 0, 0, 0, size))
                    continue
                drain(base)
                rps, p50, p99, err = wrk(base + path, connections, seconds, headers)
                results.append(Result(name, mode, connections, rps, p50, p99, err, size))
                print(
                    f"  [{round_no + 1}] {size:>6} products  c={connections:<3}"
                    f" {name:<18} {mode:<9}"
                    f" {rps:>8.1f} req/s  p50 {p50:>7.1f} ms  p99 {p99:>7.1f} ms  errors {err}",
                    flush=True,
                )
    return results


def table(results: list[Result]) -> list[str]:
    floors = {(r.size, r.connections): r.rps for r in results if r.page == "floor"}
    rounds = max((r.rounds for r in results), default=1)
    lines = (
        [f"median of {rounds} rounds; ÷ floor: the median of each round's ratio"]
        if rounds > 1
        else []
    )
    lines += [
        f"{'products':>8} {'conn':>4}  {'page':<18} {'mode':<9} {'req/s':>8} {'p50 ms':>8}"
        f" {'p99 ms':>8} {'errors':>6} {'÷ floor':>8}"
    ]
    for r in results:
        ratio = r.ratio if r.ratio is not None else r.rps / floors[(r.size, r.connections)] * 100
        lines.append(
            f"{r.size:>8} {r.connections:>4}  {r.page:<18} {r.mode:<9} {r.rps:>8.1f}"
            f" {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {r.errors:>6} {ratio:>7.1f}%"
        )
    return lines


def scale_table(results: list[Result], small: int, large: int) -> list[str]:
    lines = [f"p50 at {large} vs {small} products (16 connections; target ≤ 2×)"]
    by = {(r.size, r.page, r.mode, r.connections): r for r in results}
    for mode in ("cold", "uncached"):
        for page in ("category listing", "listing + facets", "search", "product", "shop", "home"):
            a = by.get((small, page, mode, 16))
            b = by.get((large, page, mode, 16))
            if a and b and a.p50_ms:
                lines.append(
                    f"  {mode:<9} {page:<18} {a.p50_ms:>7.1f} ms → {b.p50_ms:>7.1f} ms"
                    f"  ({b.p50_ms / a.p50_ms:.2f}×)"
                )
    return lines


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # db 8: the benchmark's own


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark Souk's production set-up.")
    parser.add_argument("--sizes", default="1000,50000", help="catalogue sizes, ascending")
    parser.add_argument("--shops", type=int, default=500)
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--keep-db", action="store_true", help="reuse souk_bench as it is")
    parser.add_argument("--skip-checkout", action="store_true")
    parser.add_argument("--skip-pages", action="store_true", help="run only the checkout part")
    parser.add_argument("--orders", type=int, default=400, help="checkouts attempted (half sell)")
    parser.add_argument(
        "--mixed-only", action="store_true", help="only the mixed mode, at the first size"
    )
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed mode")
    parser.add_argument("--mixed-seconds", type=int, default=10, help="length of each mixed row")
    parser.add_argument(
        "--modes", default="cached,uncached,cold", help="page modes: cached, uncached, cold"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure the pages N times; print the medians"
    )
    parser.add_argument(
        "--mixed-rounds", type=int, default=1, help="run the mixed mode N times; print medians"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="NOT the issue's set-up: 2 gthread workers with N threads each instead of 2 sync "
        "workers (an extra line to compare; every figure is labelled with it)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print(
            "wrk is not installed. Install it with:  sudo apt-get install -y wrk", file=sys.stderr
        )
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.mixed_only:
        sizes, args.skip_pages, args.skip_checkout = sizes[:1], True, True
    connections = [int(c) for c in args.connections.split(",")]
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = bench_env(port)
    stack = Stack(env)
    sampler = MemorySampler(stack)
    results: list[Result] = []
    checkout_lines: list[str] = []
    mixed_lines: list[str] = []

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    started = time.monotonic()
    try:
        if not args.keep_db:
            print(f"database: recreating {DB_NAME}; Redis db 8 emptied", flush=True)
            recreate_database()
        flush_redis()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        for size in sizes:
            subprocess.run(
                [PY, "bench/load_catalogue.py", "--products", str(size),
                 "--shops", str(args.shops)],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
            if not stack.procs:
                if not args.skip_checkout or not args.no_mixed:
                    from bench import bench_checkout

                    stripe_port = free_port()
                    env["STRIPE_API_BASE"] = f"http://{HOST}:{stripe_port}"
                    stack.start(
                        "localstripe",
                        bench_checkout.localstripe_argv(stripe_port, RUN / "localstripe.pickle"),
                    )
                workers = (
                    ["-k", "gthread", "--threads", str(args.threads)] if args.threads
                    else ["-k", "sync"]
                )  # fmt: skip
                stack.start(
                    "gunicorn",
                    [str(BIN / "gunicorn"), "marketplace.wsgi:application", "-w", "2",
                     *workers, "-b", f"{HOST}:{port}", "--timeout", "60"],
                )  # fmt: skip
                stack.start(
                    "celery",
                    [PY, "-m", "celery", "-A", "marketplace", "worker", "-Q",
                     "default,email,heavy", "--concurrency=1", "-n", "bench@%h",
                     "--without-gossip", "--without-mingle", "-l", "WARNING"],
                )  # fmt: skip
                wait_until_up(base)
                sampler.start()
            if not args.skip_pages:
                print(f"pages at {size} products (wrk -t1, {args.seconds}s per run):", flush=True)
                modes = [m for m in MODES if m[0] in args.modes.split(",")]
                results += measure(base, size, connections, args.seconds, env, modes, args.rounds)
            if size == sizes[0] and not args.no_mixed:
                from bench import mixed

                print(f"mixed mode at {size} products:", flush=True)
                mixed_lines = mixed.run(
                    base=base, env=env, seconds=args.mixed_seconds, rounds=args.mixed_rounds
                )
        if not args.skip_checkout:
            print("checkout and fulfilment:", flush=True)
            web_workers = len(children(stack.procs["gunicorn"].pid))
            checkout_lines = bench_checkout.run(
                base=base, env=env, orders=args.orders, web_workers=web_workers
            )
    except KeyboardInterrupt:
        print("interrupted: stopping everything the benchmark started", file=sys.stderr)
    except Exception:
        # Still stop everything and print what was measured before the failure.
        traceback.print_exc()
        print("benchmark failed: stopping everything it started", file=sys.stderr)
    finally:
        sampler.stop()
        stack.stop()
    set_up = (
        f"gunicorn 2 gthread workers × {args.threads} threads (NOT the issue's 2 sync workers)"
        if args.threads
        else "gunicorn 2 sync workers"
    )
    out = ["", f"Souk benchmark — {set_up}, PostgreSQL, Redis, wrk -t1", ""]
    out += [*table(results), ""] if results else []
    if len(sizes) > 1:
        out += [*scale_table(results, sizes[0], sizes[-1]), ""]
    out += [*mixed_lines, ""] if mixed_lines else []
    out += [*checkout_lines, ""] if checkout_lines else []
    out += ["Memory (gunicorn and Celery worker processes):", *sampler.report()]
    out += ["", f"total time {time.monotonic() - started:.0f}s"]
    text = "\n".join(out)
    print(text)
    (RUN / "last-results.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

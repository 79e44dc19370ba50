"""Checkout and fulfilment throughput through the real API, webhooks and Celery worker.

Run by bench/run.py against its gunicorn + Celery + localstripe stack. Buyers (each with an API
token) put one piece of a "hot" variant in their cart; the hot variants hold fewer pieces than
are wanted, so some checkouts must be refused. Then, concurrently:

1. checkout: POST /api/v1/checkout/ (order placed, stock decremented, Payment row created; the
   PaymentIntent is created at localstripe after commit by the payments.start_intent task on
   the Celery worker, outside the request);
2. payment: a signed payment_intent.succeeded webhook per order (POST /payments/stripe/webhook/);
3. fulfilment: the Celery worker sends the buyer's and each shop's e-mail from the outbox.

It prints orders/s for checkout, how long after the last checkout answer the worker had created
every PaymentIntent (payment can only start once an order has one), orders/s for payment +
fulfilment, and the number of pieces oversold (must be 0). The provider's wait is no longer in
the checkout request: the Payment row is created in the checkout's transaction and saved again
by the task once the intent exists, so its updated_at − created_at is the queue's delay plus
the provider's wait.

Fulfilment orders/s per worker process: paid orders whose e-mails were all sent, per second,
from the first webhook sent to the last e-mail's `sent_at`, with ONE Celery worker process
(--concurrency=1) doing all the work after the webhook's answer (the webhook request itself
only checks the signature, records the event and queues it).
Half the checkouts are refused by design: the hot variants hold orders / 2 pieces in all.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOT_VARIANTS = 20
CONCURRENCY = 16


def localstripe_argv(port: int, state: Path) -> list[str]:
    """Return the command starting our localstripe launcher on 127.0.0.1:<port>."""
    return [
        sys.executable, "-m", "demo.localstripe_server", "--port", str(port),
        "--state", str(state), "--from-scratch",
    ]  # fmt: skip


# --- set-up, inside Django (a child process with the benchmark's environment) ---------------


def _setup(buyers: int) -> dict:
    hot_stock = max(1, buyers // (2 * HOT_VARIANTS))  # half the buyers find it sold out
    import django

    django.setup()
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from marketplace.accounts.models import User
    from marketplace.catalogue.models import Variant
    from marketplace.catalogue.services import product_refresh_summary

    hot = list(
        Variant.objects.filter(product__slug__startswith="bench-p-", is_active=True)
        .order_by("pk")
        .values_list("pk", "product_id")[:HOT_VARIANTS]
    )
    with transaction.atomic():
        Variant.objects.filter(pk__in=[pk for pk, _ in hot]).update(stock=hot_stock)
        for _, product_id in hot:
            product_refresh_summary(product_id=product_id)
    run = int(time.time())
    users = User.objects.bulk_create(
        [
            User(email=f"bench-{run}-{n}@example.com", password="!", display_name=f"Bench {n}")
            for n in range(buyers)
        ]
    )
    users = list(User.objects.filter(email__startswith=f"bench-{run}-").order_by("pk"))
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
    return {
        "tokens": [t.key for t in tokens],
        "variants": [pk for pk, _ in hot],
        "stock": hot_stock,
    }


# --- HTTP ------------------------------------------------------------------------------


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (127.0.0.1)
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _api(base: str, token: str, path: str, payload: dict, **headers) -> tuple[int, dict]:
    status, body = _post(
        base + path,
        json.dumps(payload).encode(),
        {"Authorization": f"Token {token}", "Content-Type": "application/json", **headers},
    )
    try:
        return status, json.loads(body or b"{}")
    except ValueError:
        return status, {}


def _cpu_seconds(marker: str) -> float:
    """Return the CPU seconds (user + system) used so far by processes whose command line
    holds `marker`: the bench's gunicorn bind address, or its Celery worker's name.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _parallel(fn, items) -> list:
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(fn, items))


def run(*, base: str, env: dict[str, str], orders: int = 200, web_workers: int = 2) -> list[str]:
    """Run the checkout/fulfilment benchmark against a running stack; return report lines."""
    import psycopg
    import stripe

    setup = subprocess.run(
        [sys.executable, "bench/bench_checkout.py", "--setup", str(orders)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    tokens, variants = data["tokens"], data["variants"]
    address = {
        "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
        "postal_code": "02110", "country": "US",
    }  # fmt: skip
    adds = _parallel(
        lambda i: _api(
            base, tokens[i], "/api/v1/cart/lines/",
            {"variant": variants[i % len(variants)], "quantity": 1},
        )[0],
        range(len(tokens)),
    )  # fmt: skip
    print(f"  checkout bench: {adds.count(201)}/{len(adds)} carts filled", flush=True)
    web_marker = base.split("//", 1)[1]  # gunicorn's -b HOST:PORT, master and workers
    worker_marker = "bench@%h"  # the Celery worker's -n, main process and pool child
    web_cpu0 = _cpu_seconds(web_marker)
    t0 = time.monotonic()
    answers = _parallel(
        lambda i: _api(
            base, tokens[i], "/api/v1/checkout/",
            {"currency": "USD", "shipping_address": address},
            **{"Idempotency-Key": f"bench-{i}"},
        ),
        range(len(tokens)),
    )  # fmt: skip
    checkout_s = time.monotonic() - t0
    web_cpu = _cpu_seconds(web_marker) - web_cpu0
    placed = [a for s, a in answers if s == 201]
    refused = sum(1 for s, _ in answers if s == 409)
    failed = len(answers) - len(placed) - refused
    numbers = [a["order"]["number"] for a in placed]
    dsn = env["DATABASE_URL"]
    # The intents come from the worker's payments.start_intent tasks: wait (bounded) for all.
    t_answered, intents = time.monotonic(), 0
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() - t_answered < 120:
            intents = conn.execute(
                "SELECT COUNT(*) FROM payments_payment p JOIN orders_order o ON o.id = p.order_id"
                " WHERE o.number = ANY(%s) AND p.intent_id IS NOT NULL",
                (numbers,),
            ).fetchone()[0]
            if intents >= len(numbers):
                break
            time.sleep(0.05)
    intents_s = time.monotonic() - t_answered
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT o.number, o.total, o.currency, p.intent_id,"
            " EXTRACT(EPOCH FROM p.updated_at - p.created_at)"
            " FROM orders_order o JOIN payments_payment p ON p.order_id = o.id"
            " WHERE o.number = ANY(%s)",
            (numbers,),
        ).fetchall()
        sold = dict(
            conn.execute(
                "SELECT variant_id, COALESCE(SUM(quantity), 0) FROM orders_orderline"
                " WHERE variant_id = ANY(%s) GROUP BY variant_id",
                (variants,),
            ).fetchall()
        )
        stock = dict(
            conn.execute(
                "SELECT id, stock FROM catalogue_variant WHERE id = ANY(%s)", (variants,)
            ).fetchall()
        )
    oversold = sum(max(0, sold.get(v, 0) - data["stock"]) for v in variants)
    negative = sum(1 for v in variants if stock.get(v, 0) < 0)
    task_s = [float(r[4] or 0) for r in rows if r[3]]

    secret = env.get("STRIPE_WEBHOOK_SECRET", "whsec_souk_localstripe_dev")

    def webhook(row) -> int:
        number, total, currency, intent_id, _wait = row
        event = {
            "id": f"evt_bench_{intent_id}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {
                    "id": intent_id,
                    "object": "payment_intent",
                    "amount": round(total * 100),
                    "currency": currency.lower(),
                    "status": "succeeded",
                    "metadata": {"order_number": number},
                    "latest_charge": None,
                }
            },
        }
        payload = json.dumps(event)
        header = stripe.WebhookSignature.generate_signature_header(payload, secret)
        return _post(
            base + "/payments/stripe/webhook/",
            payload.encode(),
            {"Content-Type": "application/json", "Stripe-Signature": header},
        )[0]

    worker_cpu0 = _cpu_seconds(worker_marker)
    t1, wall1 = time.monotonic(), time.time()
    hooks = _parallel(webhook, [r for r in rows if r[3]])
    webhook_s = time.monotonic() - t1
    # Fulfilment: wait (bounded) until the worker has sent every e-mail of these orders.
    deadline = time.monotonic() + 180
    pending, paid, emails, last_sent = -1, 0, 0, None
    keys = [f"order:{n}:paid:%" for n in numbers]
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            pending, emails, last_sent = conn.execute(
                "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL), COUNT(*),"
                " EXTRACT(EPOCH FROM MAX(sent_at)) FROM core_outboxemail WHERE key LIKE ANY(%s)",
                (keys,),
            ).fetchone()
            paid = conn.execute(
                "SELECT COUNT(*) FROM orders_order WHERE number = ANY(%s) AND status <> %s",
                (numbers, "pending_payment"),
            ).fetchone()[0]
            if paid == len(numbers) and emails and pending == 0:
                break
            time.sleep(0.05)
    worker_cpu = _cpu_seconds(worker_marker) - worker_cpu0
    # Up to the last e-mail's own timestamp, not to when this loop noticed it.
    fulfil_s = (float(last_sent) - wall1) if last_sent else time.monotonic() - t1
    fulfil_s = max(fulfil_s, 1e-6)
    n = max(1, len(numbers))
    lines = [
        "Checkout and fulfilment (API + signed webhooks + 1 Celery worker process, "
        f"{CONCURRENCY} concurrent clients)",
        f"  checkouts attempted      {len(answers)}  (placed {len(placed)}, out of stock "
        f"{refused}, other errors {failed}); carts filled {adds.count(201)}",
        f"  oversold pieces          {oversold}   (variants below zero: {negative}; "
        f"{len(variants)} hot variants × {data['stock']} pieces)",
        f"  checkout wall time       {checkout_s:.2f}s → {len(placed) / checkout_s:.1f} orders/s "
        f"({web_workers} web workers; the provider is not called in the request)",
        f"  PaymentIntents (task)    {intents}/{len(numbers)} created by the worker, the last "
        f"{intents_s:.2f}s after the last checkout answer; checkout commit → intent stored: "
        f"median {statistics.median(task_s) * 1000 if task_s else 0:.0f} ms",
        f"  web workers' CPU         {web_cpu:.2f}s for {len(answers)} checkouts "
        f"({web_cpu / max(1, len(answers)) * 1000:.1f} ms each; placed and refused alike): "
        f"{len(placed) / max(web_cpu, 1e-6):.1f} placed orders per CPU-second",
        f"  webhooks acknowledged    {hooks.count(200)}/{len(hooks)} answered 200 in "
        f"{webhook_s:.2f}s → {len(hooks) / max(webhook_s, 1e-6):.1f}/s (verify, record, queue)",
        f"  fulfilment               {paid}/{len(numbers)} orders paid, {emails} e-mails "
        f"({pending} unsent) in {fulfil_s:.2f}s → {n / fulfil_s:.1f} orders/s per worker process",
        "                           (first webhook sent → last e-mail sent; 1 Celery worker "
        "process, --concurrency=1: event applied, e-mails rendered, recorded and sent)",
        f"  worker's CPU             {worker_cpu:.2f}s ({worker_cpu / n * 1000:.1f} ms per order,"
        f" main process and pool child): {n / max(worker_cpu, 1e-6):.1f} orders per CPU-second"
        " (what the fulfilment rate would be with a core to itself; PostgreSQL's share not"
        " included)",
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) == 3 and sys.argv[1] == "--setup":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        print(json.dumps(_setup(int(sys.argv[2]))))
    else:
        print("Run through bench/run.py (it starts the stack this needs).", file=sys.stderr)
        raise SystemExit(2)

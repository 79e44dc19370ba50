"""Checkout and fulfilment throughput through the real API, webhooks and Celery worker.

Run by bench/run.py against its gunicorn + Celery + localstripe stack. Buyers (each with an API
token) put one piece of a "hot" variant in their cart; the hot variants hold fewer pieces than
are wanted, so some checkouts must be refused. Then, concurrently:

1. checkout: POST /api/v1/checkout/ (order placed, stock decremented, PaymentIntent created at
   localstripe inside the request: the provider's wait);
2. payment: a signed payment_intent.succeeded webhook per order (POST /payments/stripe/webhook/);
3. fulfilment: the Celery worker sends the buyer's and each shop's e-mail from the outbox.

It prints orders/s for checkout (with and without the provider's wait), for payment + fulfilment,
and the number of pieces oversold (must be 0). The provider's wait is measured in our own rows:
a Payment is created just before the PaymentIntent call and saved just after it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOT_VARIANTS = 20
HOT_STOCK = 5
CONCURRENCY = 16


def localstripe_argv(port: int, state: Path) -> list[str]:
    """Return the command starting our localstripe launcher on 127.0.0.1:<port>."""
    return [
        sys.executable, "-m", "payments.localstripe_server", "--port", str(port),
        "--state", str(state), "--from-scratch",
    ]  # fmt: skip


# --- set-up, inside Django (a child process with the benchmark's environment) ---------------


def _setup(buyers: int) -> dict:
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
        Variant.objects.filter(pk__in=[pk for pk, _ in hot]).update(stock=HOT_STOCK)
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
        "stock": HOT_STOCK,
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


def _parallel(fn, items) -> list:
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(fn, items))


def run(*, base: str, env: dict[str, str], orders: int = 200) -> list[str]:
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
    placed = [a for s, a in answers if s == 201]
    refused = sum(1 for s, _ in answers if s == 409)
    failed = len(answers) - len(placed) - refused
    numbers = [a["order"]["number"] for a in placed]
    dsn = env["DATABASE_URL"]
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
    provider_s = sum(float(r[4] or 0) for r in rows)
    # The provider's wait overlaps across the concurrent clients: spread it over them.
    own_s = max(1e-6, checkout_s - provider_s / CONCURRENCY)

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

    t1 = time.monotonic()
    hooks = _parallel(webhook, [r for r in rows if r[3]])
    webhook_s = time.monotonic() - t1
    # Fulfilment: wait (bounded) until the worker has sent every e-mail of these orders.
    deadline = time.monotonic() + 180
    pending = -1
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            pending, total = conn.execute(
                "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL), COUNT(*) FROM core_outboxemail"
                " WHERE key LIKE ANY(%s)",
                ([f"%{n}%" for n in numbers],),
            ).fetchone()
            paid = conn.execute(
                "SELECT COUNT(*) FROM orders_order WHERE number = ANY(%s) AND status <> %s",
                (numbers, "pending_payment"),
            ).fetchone()[0]
            if paid == len(numbers) and total and pending == 0:
                break
            time.sleep(0.2)
    fulfil_s = time.monotonic() - t1
    n = max(1, len(numbers))
    lines = [
        "Checkout and fulfilment (API + signed webhooks + 1 Celery worker process, "
        f"{CONCURRENCY} concurrent clients)",
        f"  checkouts attempted      {len(answers)}  (placed {len(placed)}, out of stock "
        f"{refused}, other errors {failed}); carts filled {adds.count(201)}",
        f"  oversold pieces          {oversold}   (variants below zero: {negative}; "
        f"{len(variants)} hot variants × {data['stock']} pieces)",
        f"  checkout wall time       {checkout_s:.2f}s → {len(placed) / checkout_s:.1f} orders/s "
        f"including the provider's wait",
        f"  provider wait (sum)      {provider_s:.2f}s over {len(rows)} PaymentIntents "
        f"({provider_s / max(1, len(rows)) * 1000:.0f} ms each)",
        f"  checkout excl. provider  {len(placed) / own_s:.1f} orders/s "
        f"(wall time minus the provider's wait spread over {CONCURRENCY} clients)",
        f"  webhooks                 {hooks.count(200)}/{len(hooks)} accepted in {webhook_s:.2f}s "
        f"→ {len(hooks) / max(webhook_s, 1e-6):.1f}/s",
        f"  paid → all e-mails sent  {fulfil_s:.2f}s → {n / fulfil_s:.1f} orders/s "
        f"(1 worker process; e-mails still unsent: {pending})",
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

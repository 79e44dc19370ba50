"""Order e-mails through a real Celery worker on Redis: exactly once, across crashes and outages.

Each test starts `celery -A marketplace worker` as a child process sharing this test database;
e-mails go to the MessageIdFileBackend in a temporary folder, one .eml file per e-mail.
"""

import email
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.test import Client

from marketplace.celery import app as celery_app
from marketplace.core.models import OutboxEmail
from marketplace.core.tasks import outbox_sweep
from marketplace.orders import selectors, services
from payments.models import Payment
from tests.factories import UserFactory, VariantFactory
from tests.factories.orders import order_with_parts
from tests.faults.sinks import wait_until
from tests.payments.helpers import event, intent_object, post_event

from .conftest import US_ADDRESS, shop_shipping_everywhere

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def mailbox(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def worker(run_env, mailbox, _eager_celery):
    """Start (and restart) real worker processes; every one is killed at teardown."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # our own db: no stale tasks
    celery_app.conf.task_always_eager = False
    env = {
        **run_env,
        "EMAIL_BACKEND": "demo.mail.MessageIdFileBackend",
        "EMAIL_FILE_PATH": str(mailbox),
        "SOUK_TESTING": "1",
    }
    started = []

    def start():
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "marketplace", "worker",
             "-Q", "default,email", "--concurrency=2", "--loglevel=WARNING",
             "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-n", f"orders-test-{len(started)}@%h"],
            env=env, start_new_session=True,
        )  # fmt: skip
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


def delivered(mailbox: Path) -> Counter:
    """Count delivered e-mails per outbox key."""
    keys = Counter()
    for path in mailbox.glob("*.eml"):
        keys[email.message_from_bytes(path.read_bytes())["X-Souk-Outbox-Key"]] += 1
    return keys


def _with_owner(shop):
    shop.artisan.user = UserFactory()
    shop.artisan.save()
    return shop


def test_webhook_payment_sends_buyer_and_shop_emails_once_and_the_timeline_shows_it(
    worker, mailbox, settings
):
    settings.ORDERS_START_PAYMENT = False
    shops = [_with_owner(shop_shipping_everywhere()) for _ in range(2)]
    cart = services.cart_get_or_create(session_key="webhook")
    for shop in shops:
        variant = VariantFactory(product__shop=shop, stock=3)
        services.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    order = services.order_place(
        cart=cart, email="emily@example.com", address=US_ADDRESS, currency="USD", language="en"
    )
    payment = Payment.objects.create(
        order=order, intent_id="pi_worker_test", amount=order.total, currency=order.currency
    )
    worker()
    hook = post_event(Client(), event("payment_intent.succeeded", intent_object(payment)))
    assert hook.status_code == 200
    again = post_event(Client(), event("payment_intent.succeeded", intent_object(payment)))
    assert again.status_code == 200  # Stripe retries: a duplicate changes nothing

    expected = {
        f"order:{order.number}:paid:buyer",
        *(f"order:{order.number}:paid:shop:{s.pk}:{s.artisan.user.email}" for s in shops),
    }
    assert wait_until(lambda: set(delivered(mailbox)) == expected), delivered(mailbox)
    time.sleep(1)  # anything extra would arrive now
    assert delivered(mailbox) == Counter(dict.fromkeys(expected, 1))
    assert not list((mailbox / "duplicates").iterdir())
    order.refresh_from_db()
    assert order.status == "paid"
    timeline = selectors.order_timeline(order=order)
    sent = [e for e in timeline if e.kind == "email" and e.email_sent]
    assert len(sent) == 3
    assert [e.to_status for e in timeline if e.kind == "status"] == ["paid", "paid"]
    page = Client().get(f"/en/orders/{order.number}/?t=" + _token(order)).content.decode()
    assert "E-mail sent to emily@example.com" in page


def _token(order):
    from marketplace.orders.links import order_token

    return order_token(order.number)


def test_worker_killed_mid_run_then_restarted_sends_all_100_orders_exactly_once(worker, mailbox):
    orders = [order_with_parts(shops=1) for _ in range(100)]
    for order in orders:
        _with_owner(order.shop_orders.get().shop)
    celery_app.conf.task_always_eager = False
    for order in orders:  # queued on Redis, no worker yet
        assert services.order_mark_paid(order_id=order.pk)
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 200

    first = worker()
    assert wait_until(
        lambda: OutboxEmail.objects.filter(sent_at__isnull=False).count() >= 20, step=0.02
    )
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=20)
    done_before_kill = OutboxEmail.objects.filter(sent_at__isnull=False).count()
    assert done_before_kill < 200, "the worker finished before it could be killed"

    worker()
    outbox_sweep.delay(0)  # what beat does every minute: re-queue what the kill lost
    assert wait_until(lambda: not OutboxEmail.objects.filter(sent_at__isnull=True).exists())
    time.sleep(2)  # redelivered and swept copies of the same task drain here
    counts = delivered(mailbox)
    assert len(counts) == 200 and set(counts.values()) == {1}
    assert set(counts) == set(OutboxEmail.objects.values_list("key", flat=True))
    dropped = len(list((mailbox / "duplicates").iterdir()))
    print(f"\nkilled after {done_before_kill}/200 e-mails; relay dropped {dropped} re-sends")


def _use_broker(url):
    """Point this process's publisher at another broker URL (fresh connection pools)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_task_queued_while_redis_is_down_is_sent_by_the_sweep(worker, mailbox, settings):
    order = order_with_parts(shops=1)
    celery_app.conf.task_always_eager = False
    good_url = celery_app.conf.broker_url
    _use_broker("redis://127.0.0.1:1/2")  # Redis unreachable: nothing listens there
    try:
        started = time.monotonic()
        assert services.order_mark_paid(order_id=order.pk) is True  # commits; publish fails
        assert time.monotonic() - started < 10
    finally:
        _use_broker(good_url)
    order.refresh_from_db()
    assert order.status == "paid"
    mail = OutboxEmail.objects.get(key=f"order:{order.number}:paid:buyer")
    assert mail.sent_at is None

    worker()
    time.sleep(1)
    assert delivered(mailbox) == Counter()  # the task was lost with the broker
    outbox_sweep.delay(0)
    assert wait_until(
        lambda: OutboxEmail.objects.filter(pk=mail.pk, sent_at__isnull=False).exists()
    )
    outbox_sweep.delay(0)  # a second sweep finds nothing to send
    time.sleep(1)
    assert delivered(mailbox) == Counter({mail.key: 1})

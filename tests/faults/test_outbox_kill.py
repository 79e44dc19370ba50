"""A worker SIGKILLed mid-batch re-sends at most the messages it had in flight (fault 18).

A real Celery worker sends the outbox through SMTP to a slow sink of our own; it is killed
while the batch is under way, a new worker and the sweep send the rest, and the sink counts
every message it accepted.
"""

import pytest
import redis
from django.conf import settings

from marketplace.celery import app as celery_app
from marketplace.core.emails import emails_queue
from marketplace.core.models import OutboxEmail
from marketplace.core.tasks import outbox_sweep

from .sinks import SmtpSink, Workers, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MESSAGES = 60
CONCURRENCY = 2


def test_killed_worker_sends_each_email_once_but_those_in_flight(run_env, tmp_path, _eager_celery):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    celery_app.conf.task_always_eager = False
    with SmtpSink(delay=0.15) as sink:
        env = {
            **run_env,
            "SOUK_TESTING": "1",
            "SOUK_RUN_DIR": str(tmp_path),
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        }
        workers = Workers(env)
        try:
            emails_queue(
                [
                    {
                        "key": f"crash:{n}",
                        "kind": "shop_submitted",
                        "to": f"maker{n}@example.com",
                        "template": "artisans_application_received",
                        "context": {"shop_name": f"Atelier {n}"},
                    }
                    for n in range(MESSAGES)
                ]
            )  # one drain queued on Redis; no worker yet
            first = workers.start(concurrency=CONCURRENCY)
            assert wait_until(lambda: sum(sink.delivered().values()) >= 15, timeout=90)
            workers.kill(first)  # SIGKILL: no clean-up, the batch's transaction dies with it
            accepted_before_kill = sum(sink.delivered().values())
            recorded_before_kill = OutboxEmail.objects.filter(sent_at__isnull=False).count()
            assert accepted_before_kill < MESSAGES, "the batch ended before the kill"

            workers.start(concurrency=CONCURRENCY)
            outbox_sweep.delay(0)  # what beat does every minute
            assert wait_until(
                lambda: not OutboxEmail.objects.filter(sent_at__isnull=True).exists(), timeout=120
            )
            wait_until(lambda: False, timeout=2)  # anything extra would arrive now
        finally:
            workers.stop_all()
        delivered = sink.delivered()
    assert set(delivered) == {f"crash:{n}" for n in range(MESSAGES)}  # none missing
    duplicates = sum(delivered.values()) - len(delivered)
    print(
        f"\nkilled after {accepted_before_kill} accepted / {recorded_before_kill} recorded; "
        f"duplicates {duplicates} (messages in flight at most {CONCURRENCY})"
    )
    assert duplicates <= CONCURRENCY
    assert accepted_before_kill - recorded_before_kill <= CONCURRENCY

"""Back-in-stock e-mails through a real Celery worker on Redis: two restocks racing (and the
task redelivered) still make exactly one e-mail per alert, recorded in the outbox."""

import time

import pytest
import redis
from django.conf import settings

from marketplace.catalogue.models import Variant
from marketplace.catalogue.services import variant_update
from marketplace.favourites import services
from marketplace.favourites.models import StockAlert
from marketplace.favourites.tasks import stock_alerts_send
from tests.factories import UserFactory, VariantFactory
from tests.faults.sinks import wait_until
from tests.orders.test_concurrency import run_parallel

from .conftest import mails

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(_eager_celery):
    from marketplace.celery import app

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # our own db: no stale tasks
    app.conf.task_always_eager = False


def _restock(variant_id, stock):
    def run():
        variant = Variant.objects.get(pk=variant_id)
        return variant_update(
            variant_id=variant_id,
            actor=None,
            options=variant.options,
            price=variant.price,
            stock=stock,
        )

    return run


def test_two_restocks_racing_send_each_alert_exactly_once(worker, celery_process):
    variant = VariantFactory(stock=0)
    buyers = [UserFactory(language=lang) for lang in ("fr", "es", "ar")]
    for user in buyers:
        services.stock_alert_create(user=user, variant_id=variant.pk)
    results = run_parallel([_restock(variant.pk, 3), _restock(variant.pk, 5)])
    assert not [r for r in results if isinstance(r, Exception)], results
    # A redelivered task and a sweep racing the worker: still nothing more.
    stock_alerts_send.delay([variant.pk])
    stock_alerts_send.delay(None)
    assert wait_until(lambda: len(mails("favourites_back_in_stock")) >= 3, timeout=60)
    time.sleep(3)  # let every queued task finish
    sent = mails("favourites_back_in_stock")
    assert sorted(m.to_email for m in sent) == sorted(u.email for u in buyers)
    assert {m.language for m in sent} == {"fr", "es", "ar"}
    assert not StockAlert.objects.filter(notified_at__isnull=True).exists()
    assert celery_process.poll() is None

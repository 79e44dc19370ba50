"""The customs documents are made by a real Celery worker listening on the heavy queue only."""

import subprocess
import sys
import time

import pytest

from marketplace.orders import services
from marketplace.shipping.models import ShipmentDocument

from .conftest import US, export_world

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def heavy_worker(run_env, settings):
    env = {**run_env, "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
         "-Q", "heavy", "-n", "heavy-test@%h", "--loglevel=WARNING", "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        env=env,
    )  # fmt: skip
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_paying_queues_the_documents_to_the_heavy_worker(heavy_worker, settings, _eager_celery):
    from marketplace.celery import app

    settings.ORDERS_START_PAYMENT = False
    app.conf.task_always_eager = False
    world = export_world()
    cart = services.cart_get_or_create(session_key="worker")
    services.cart_add(cart=cart, variant_id=world.carpet.pk, quantity=1)
    order = services.order_place(cart=cart, email="e@example.com", address=US, currency="USD")
    services.order_mark_paid(order_id=order.pk)  # queues orders.document_customs after commit
    part = order.shop_orders.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kinds = set(
            ShipmentDocument.objects.filter(shop_order_id=part.pk).values_list("kind", flat=True)
        )
        if kinds == {"cn23", "invoice"}:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the heavy worker made no documents (found {kinds})")
    assert heavy_worker.poll() is None
    document = ShipmentDocument.objects.get(shop_order_id=part.pk, kind="cn23")
    with document.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"

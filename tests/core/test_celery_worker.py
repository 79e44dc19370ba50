"""A task goes through Redis to a real Celery worker process and comes back."""

import time
import uuid

import pytest
from django.core.cache import cache

from marketplace.core.tasks import HEARTBEAT_KEY, heartbeat

pytestmark = [pytest.mark.redis]


def test_task_runs_in_a_real_worker(celery_process, _eager_celery):
    from marketplace.celery import app

    app.conf.task_always_eager = False
    token = uuid.uuid4().hex
    heartbeat.delay(token)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen = cache.get(HEARTBEAT_KEY)
        if seen and seen["token"] == token:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the worker never ran the task")
    assert celery_process.poll() is None

"""A task goes through Redis to a real Celery worker process and comes back."""

import subprocess
import sys
import time
import uuid

import pytest
from django.core.cache import cache

from marketplace.core.tasks import HEARTBEAT_KEY, heartbeat

pytestmark = [pytest.mark.redis]


@pytest.fixture
def worker(run_env):
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
         "-Q", "default", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=run_env,
    )  # fmt: skip
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_task_runs_in_a_real_worker(worker, _eager_celery):
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
    assert worker.poll() is None

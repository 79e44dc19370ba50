"""The batched message e-mail goes through Redis to a real Celery worker (the beat's task)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from django.utils import timezone

from marketplace.conversations.models import Conversation
from marketplace.conversations.services import conversation_start, message_send
from marketplace.core.models import OutboxEmail

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(run_env):
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
         "-Q", "default,email", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env={**run_env, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    )  # fmt: skip
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_the_worker_sends_one_email_for_the_messages_of_a_quiet_period(cast, worker):
    from marketplace.celery import app
    from marketplace.conversations.tasks import conversations_notify_due_task

    conversation, _ = conversation_start(buyer=cast.buyer, shop_id=cast.shop.pk, text="Salam")
    message_send(conversation_id=conversation.pk, sender=cast.buyer, text="Still there?")
    Conversation.objects.filter(pk=conversation.pk).update(shop_notify_at=timezone.now())
    app.conf.task_always_eager = False
    conversations_notify_due_task.delay()
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        sent = OutboxEmail.objects.filter(to_email=cast.manager.email, sent_at__isnull=False)
        if sent.exists():
            break
        time.sleep(0.3)
    else:
        pytest.fail("the worker never sent the e-mail")
    mail = sent.get()
    assert "Salam" in mail.body_text and "Still there?" in mail.body_text
    assert worker.poll() is None

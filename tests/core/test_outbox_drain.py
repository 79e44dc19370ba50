"""The outbox drain: new e-mails sent in batches over one connection, queued once, exactly once."""

from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from marketplace.core import tasks
from marketplace.core.emails import DRAIN_QUEUED_KEY, email_queue
from marketplace.core.models import OutboxEmail
from marketplace.core.queueing import drain_started
from marketplace.core.tasks import outbox_sweep, send_outbox_emails

pytestmark = pytest.mark.django_db


class CountingBackend(EmailBackend):
    """The test mailbox, counting the connections opened and refusing one address."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()

    def send_messages(self, messages):
        for message in messages:
            if "refused@example.com" in message.to:
                raise ValueError("mailbox unavailable")
        return super().send_messages(messages)


@pytest.fixture
def backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    return CountingBackend


def _record(n, to="buyer@example.com"):
    return OutboxEmail.objects.create(
        key=f"test:{n}:{to}", kind="test", to_email=to, subject=f"Mail {n}", body_text="Hello"
    )


def _queue(n):
    email_queue(
        key=f"test:{n}",
        kind="shop_submitted",
        to="amina@example.com",
        template="artisans_application_received",
        context={"shop_name": f"Atelier {n}"},
    )


def test_every_new_email_is_sent_once_a_batch_per_connection(backend):
    for n in range(tasks.OUTBOX_BATCH + 5):
        _record(n)
    assert send_outbox_emails.delay().get() == tasks.OUTBOX_BATCH + 5
    assert backend.opened == 2
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Mail {n}" for n in range(tasks.OUTBOX_BATCH + 5)
    )
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    assert send_outbox_emails.delay().get() == 0  # nothing twice
    assert len(mail.outbox) == tasks.OUTBOX_BATCH + 5


def test_a_refused_email_is_recorded_left_to_the_sweep_and_the_others_go(backend, settings):
    _record(1)
    refused = _record(2, to="refused@example.com")
    _record(3)
    assert send_outbox_emails.delay().get() == 2
    refused.refresh_from_db()
    assert refused.sent_at is None and refused.attempts == 1
    assert "mailbox unavailable" in refused.last_error
    assert send_outbox_emails.delay().get() == 0  # the drain does not spin on it
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_sweep.delay(0)  # the sweep's per-e-mail task, with its back-off, retries it
    refused.refresh_from_db()
    assert refused.sent_at is not None
    assert sorted(m.subject for m in mail.outbox) == ["Mail 1", "Mail 2", "Mail 3"]


@pytest.mark.redis  # the flag lives in the cache the web and worker processes share
@pytest.mark.django_db(transaction=True)
def test_one_drain_is_queued_per_transaction_and_none_while_one_waits(backend):
    drain_started(DRAIN_QUEUED_KEY)
    with mock.patch.object(send_outbox_emails, "delay") as publish:
        with transaction.atomic():
            _queue(1)
            _queue(2)
        assert publish.call_count == 1  # two e-mails, one drain
        with transaction.atomic():
            _queue(3)
        assert publish.call_count == 1  # the queued drain has not started: it takes this one
        drain_started(DRAIN_QUEUED_KEY)
        with transaction.atomic():
            _queue(4)
        assert publish.call_count == 2
    assert OutboxEmail.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_with_a_per_process_cache_every_transaction_queues_its_drain(backend, settings):
    # The worker could not clear a flag kept in the web process's memory: no flag at all.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with mock.patch.object(send_outbox_emails, "delay") as publish:
        for n in range(3):
            with transaction.atomic():
                _queue(n)
    assert publish.call_count == 3

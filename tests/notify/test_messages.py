"""Text messages: recorded once per key, normalised numbers, sent after commit, refusals kept."""

import pytest
from django.db import transaction

from marketplace.notify.errors import NotifyError
from marketplace.notify.models import OutboundMessage
from marketplace.notify.phones import phone_masked, phone_normalize, phone_region
from marketplace.notify.services import message_queue, message_send
from marketplace.notify.tasks import text_message_sweep


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0612345678", "+212612345678"),
        ("06 12 34 56 78", "+212612345678"),
        ("+212 6-12-34-56-78", "+212612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_numbers_are_stored_in_e164(raw, e164):
    assert phone_normalize(raw) == e164


@pytest.mark.parametrize("raw", ["", "12", "hello", "0612\x0045678", "+212 1", "9" * 40])
def test_what_is_not_a_number_is_refused_with_a_400(raw):
    with pytest.raises(NotifyError) as caught:
        phone_normalize(raw)
    assert caught.value.status == 400


def test_region_and_mask():
    assert phone_region("+212612345678") == "MA"
    assert phone_masked("+212612345678") == "+212•••••••78"


@pytest.mark.django_db(transaction=True)
def test_a_message_is_sent_once_after_commit(text_messages):
    with transaction.atomic():
        message_queue(key="k1", purpose="test", to="0612345678", body="Code 123456")
        assert text_messages == []  # nothing leaves before the commit
    assert [m.body for m in text_messages] == ["Code 123456"]
    row = OutboundMessage.objects.get(key="k1")
    assert row.sent_at is not None and row.provider_ref == "memory-1"
    # Queued again with the same key (a retried caller), sent again by a redelivered task: once.
    assert message_queue(key="k1", purpose="test", to="0612345678", body="Code 123456") is None
    assert message_send(message_id=row.pk) is False
    assert len(text_messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_rolled_back_is_never_sent(text_messages):
    with pytest.raises(RuntimeError), transaction.atomic():
        message_queue(key="k2", purpose="test", to="0612345678", body="x")
        raise RuntimeError
    assert text_messages == []
    assert not OutboundMessage.objects.exists()


class _Refusing:
    def send(self, message):
        raise ValueError("number blocked by the provider")


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_recorded_and_the_sweep_sends_it_later(settings, text_messages):
    settings.MESSAGING_BACKEND = "tests.notify.test_messages._Refusing"
    message_queue(key="k3", purpose="test", to="+212612345678", body="x", channel="whatsapp")
    row = OutboundMessage.objects.get(key="k3")
    assert row.sent_at is None and row.attempts == 1 and "blocked" in row.last_error
    settings.MESSAGING_BACKEND = "marketplace.notify.backends.MemoryBackend"
    assert text_message_sweep(older_than_seconds=0) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and text_messages[0].channel == "whatsapp"


@pytest.mark.django_db
def test_an_unknown_channel_is_refused():
    with pytest.raises(NotifyError):
        message_queue(key="k4", purpose="test", to="0612345678", body="x", channel="pigeon")
    assert not OutboundMessage.objects.exists()

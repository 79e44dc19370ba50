"""Finding 14: plain-text subjects and bodies are not HTML-escaped, and bidi override
characters (which turn a subject around in a mail client) are stripped from subjects."""

from __future__ import annotations

import pytest

from marketplace.core.emails import email_queue
from marketplace.core.models import OutboxEmail

pytestmark = pytest.mark.django_db

NAME = 'Atelier "Fès" & <fils> \u202egpj.exe\u2066'


def test_subject_and_text_are_plain_and_the_html_part_escaped():
    email_queue(
        key="t-1",
        kind="test",
        to="buyer@example.com",
        template="conversations_new_messages",
        context={"side": "buyer", "count": 2, "shop": {"name": NAME}, "buyer_name": "X"},
        language="en",
    )
    mail = OutboxEmail.objects.get(key="t-1")
    assert mail.subject == 'Atelier "Fès" & <fils> gpj.exe: 2 new messages'
    assert "&quot;" not in mail.subject and "&amp;" not in mail.subject
    assert "\u202e" not in mail.subject and "\u2066" not in mail.subject


def test_order_email_body_text_is_not_escaped():
    from tests.factories.orders import OrderFactory

    order = OrderFactory(ship_name='Émilie "Em" O\'Brien & Co')
    email_queue(
        key="t-2",
        kind="test",
        to="buyer@example.com",
        template="order_status_buyer",
        context={"order": order, "link": "https://souk.test/x?a=1&b=2"},
        language="en",
    )
    mail = OutboxEmail.objects.get(key="t-2")
    assert "https://souk.test/x?a=1&b=2" in mail.body_text
    assert 'Hello Émilie "Em" O\'Brien & Co,' in mail.body_text
    assert "&amp;" not in mail.body_text and "&quot;" not in mail.body_text

"""Where a text message goes: the provider behind settings.MESSAGING_BACKEND.

A backend is a class with one method, `send(message) -> str`, which hands one
`OutboundMessage` (channel, to_phone in E.164, body, language) to a provider and answers the
provider's reference for it, or raises. Raising one of `marketplace.celery.TRANSIENT_ERRORS`
(a network error) makes the task retry with back-off; any other exception is recorded on the
message and left to the sweep.

- `ConsoleBackend` (development, the demo): writes the message to the worker's log.
- `MemoryBackend` (tests): keeps sent messages in `MemoryBackend.sent`.
- `TwilioBackend` (production example): Twilio's Messages API over HTTPS, SMS and WhatsApp;
  settings MESSAGING_TWILIO_ACCOUNT_SID, MESSAGING_TWILIO_AUTH_TOKEN, MESSAGING_SMS_FROM,
  MESSAGING_WHATSAPP_FROM. Another provider (a Moroccan SMS gateway, Meta's WhatsApp Cloud API)
  plugs in the same way: a class with `send`, named in MESSAGING_BACKEND.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("souk.notify")


class BaseBackend:
    """Hands one message to a provider; answers the provider's reference."""

    def send(self, message) -> str:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Write messages to the log (the demo's worker log) instead of sending them."""

    def send(self, message) -> str:
        log.warning(
            "[%s to %s] %s", message.channel.upper(), message.to_phone, message.body.strip()
        )
        return f"console-{uuid.uuid4().hex[:12]}"


class MemoryBackend(BaseBackend):
    """Keep messages in memory, for tests (like django.core.mail.outbox)."""

    sent: list = []

    def send(self, message) -> str:
        MemoryBackend.sent.append(message)
        return f"memory-{len(MemoryBackend.sent)}"


class TwilioBackend(BaseBackend):
    """Send through Twilio's Messages API (SMS, and WhatsApp with the whatsapp: prefix)."""

    api_base = "https://api.twilio.com/2010-04-01"

    def send(self, message) -> str:
        sid = settings.MESSAGING_TWILIO_ACCOUNT_SID
        token = settings.MESSAGING_TWILIO_AUTH_TOKEN
        if message.channel == "whatsapp":
            sender, to = settings.MESSAGING_WHATSAPP_FROM, f"whatsapp:{message.to_phone}"
        else:
            sender, to = settings.MESSAGING_SMS_FROM, message.to_phone
        data = urllib.parse.urlencode({"From": sender, "To": to, "Body": message.body}).encode()
        request = urllib.request.Request(  # noqa: S310 (a fixed https URL)
            f"{self.api_base}/Accounts/{sid}/Messages.json", data=data, method="POST"
        )
        credentials = base64.b64encode(f"{sid}:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {credentials}")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.load(response).get("sid", "")


def backend() -> BaseBackend:
    """Answer an instance of the configured backend."""
    return import_string(settings.MESSAGING_BACKEND)()

"""A development mail backend that behaves like a deduplicating relay.

Each message lands in EMAIL_FILE_PATH as one .eml file named after its Message-ID. The outbox
gives every e-mail a deterministic Message-ID, so if a worker dies after handing a message over
but before recording it as sent, the re-send is dropped here (and noted in `duplicates/`) the way
a receiving server that de-duplicates on Message-ID would drop it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class MessageIdFileBackend(BaseEmailBackend):
    """Write each message once per Message-ID to a folder of .eml files."""

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.path = Path(file_path or settings.EMAIL_FILE_PATH)
        (self.path / "duplicates").mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            mime = message.message()
            message_id = str(mime["Message-ID"] or uuid.uuid4())
            name = hashlib.sha256(message_id.encode()).hexdigest()[:40] + ".eml"
            fd, tmp = tempfile.mkstemp(dir=self.path, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(mime.as_bytes())
            try:
                os.link(tmp, self.path / name)  # atomic: exactly one file per Message-ID
            except FileExistsError:
                os.replace(tmp, self.path / "duplicates" / f"{name}.{uuid.uuid4().hex}")
            else:
                os.unlink(tmp)
            sent += 1
        return sent

"""E-mail through the outbox: render in the recipient's language, record, send after commit."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.template import Context
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .models import OutboxEmail
from .queueing import drain_enqueue_on_commit, task_named

# Set while a drain of the outbox is queued and has not started (see core/queueing.py).
DRAIN_QUEUED_KEY = "core:outbox-drain-queued"


def outbox_send_on_commit() -> None:
    """Have a worker send the outbox once this transaction commits (one drain, not one per row)."""
    drain_enqueue_on_commit(task_named("core.send_outbox_emails"), DRAIN_QUEUED_KEY)


# Bidi embeddings, overrides and isolates: a name like "\u202egpj.exe" must not turn a
# subject around in the reader's mail client. Other control characters become spaces.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def plain_text(name: str, context: dict) -> str:
    """Render a plain-text template with no HTML escaping (a subject or body is not HTML)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def subject_line(text: str) -> str:
    """Return one line for a Subject header: no bidi controls, no control characters."""
    return " ".join(_CONTROLS.sub(" ", _BIDI_CONTROLS.sub("", text)).split())


def _rendered(*, key, kind, to, template, context, language) -> OutboxEmail:
    """Render an e-mail in its language into an unsaved outbox row."""
    with translation.override(language):
        subject = subject_line(plain_text(f"emails/{template}_subject.txt", context))
        text = plain_text(f"emails/{template}.txt", context)
        try:
            html = render_to_string(f"emails/{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return OutboxEmail(
        key=key, kind=kind, to_email=to, language=language,
        subject=subject[:250], body_text=text, body_html=html,
    )  # fmt: skip


def email_queue(
    *, key: str, kind: str, to: str, template: str, context: dict, language: str = "fr"
) -> OutboxEmail | None:
    """Record an e-mail once per key (inside the caller's transaction) and send it on commit.

    `template` names templates/emails/<template>_subject.txt, <template>.txt and, optionally,
    <template>.html. Returns None when an e-mail with this key was already recorded.
    """
    outbox = _rendered(
        key=key, kind=kind, to=to, template=template, context=context, language=language
    )
    try:
        with transaction.atomic():
            outbox.save(force_insert=True)
    except IntegrityError:
        return None
    outbox_send_on_commit()
    return outbox


def emails_queue(emails: list[dict]) -> None:
    """Record several e-mails (each a dict of email_queue's arguments) in one INSERT.

    Each key is recorded once: a key already in the outbox is skipped, as email_queue does.
    """
    rows = [_rendered(**{"language": "fr", **email}) for email in emails]
    if rows:
        OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
        outbox_send_on_commit()

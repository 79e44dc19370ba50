"""E-mail through the outbox: render in the recipient's language, record, send after commit."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboxEmail


def email_queue(
    *, key: str, kind: str, to: str, template: str, context: dict, language: str = "fr"
) -> OutboxEmail | None:
    """Record an e-mail once per key (inside the caller's transaction) and send it on commit.

    `template` names templates/emails/<template>_subject.txt, <template>.txt and, optionally,
    <template>.html. Returns None when an e-mail with this key was already recorded.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        try:
            html = render_to_string(f"emails/{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    try:
        with transaction.atomic():
            outbox = OutboxEmail.objects.create(
                key=key, kind=kind, to_email=to, language=language,
                subject=subject[:250], body_text=text, body_html=html,
            )  # fmt: skip
    except IntegrityError:
        return None
    from .tasks import send_outbox_email

    # robust: with the broker unreachable the change still stands and the sweep sends it later.
    transaction.on_commit(lambda: send_outbox_email.delay(outbox.pk), robust=True)
    return outbox

"""Reading the account e-mails the outbox recorded (links in them)."""

import re
from urllib.parse import urlparse

from marketplace.core.models import OutboxEmail


def mails_to(address: str, kind: str | None = None) -> list[OutboxEmail]:
    """Return the outbox e-mails to an address (optionally of one kind), oldest first."""
    mails = OutboxEmail.objects.filter(to_email=address).order_by("pk")
    return list(mails.filter(kind=kind) if kind else mails)


def link_in(mail: OutboxEmail) -> str:
    """Return the path (and query) of the first link to the site in an e-mail's text."""
    url = re.search(r"https?://\S+", mail.body_text).group(0)
    parts = urlparse(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")

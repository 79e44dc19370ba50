"""How messages read: masked items and events in the reader's language (pages, API, e-mail)."""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .masking import MARK_RE

HIDDEN = {
    "phone": _("[phone number hidden]"),
    "email": _("[e-mail address hidden]"),
    "link": _("[link hidden]"),
}
EVENTS = {
    "quote_accepted": _("The quote was accepted. The piece starts once the deposit is paid."),
    "deposit_paid": _("The deposit is paid. The shop can start making the piece."),
    "work_started": _("The shop started making the piece."),
    "ready": _("The piece is ready. The balance can now be paid."),
    "balance_paid": _("The balance is paid. The shop will ship the piece."),
    "shipped": _("The piece has been shipped."),
    "delivered": _("The piece was delivered."),
    "lapsed": _("The deposit was not paid in time; the quote is open again while it is valid."),
    "cancelled_refunded": _("The commission was cancelled; everything paid is refunded."),
    "cancelled_forfeited": _(
        "The commission was cancelled after the work started; the deposit stays with the shop."
    ),
    "cancelled_decided": _("The commission was ended by Souk's team."),
}
MASKED_NOTICE = _(
    "We hid contact details (phone numbers, e-mail addresses, links) in this message: until a "
    "first order is paid, please keep the conversation on Souk. Your payment is protected only "
    "here."
)


def plain(text: str) -> str:
    """Return shown text with each hidden item named in the active language (API, e-mail)."""
    return MARK_RE.sub(lambda m: str(HIDDEN[m.group(1)]), text or "")


def html(text: str) -> SafeString:
    """Return shown text escaped, each hidden item as a marked span, line breaks kept."""
    escaped = str(conditional_escape(text or ""))
    marked = MARK_RE.sub(
        lambda m: str(format_html('<span class="masked">{}</span>', HIDDEN[m.group(1)])), escaped
    )
    return mark_safe(marked.replace("\n", "<br>"))  # noqa: S308 (escaped just above)


def event_text(code: str) -> str:
    """Return an event's sentence in the active language."""
    return str(EVENTS.get(code, code))

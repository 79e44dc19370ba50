"""Reads of the text-message channel."""

from .models import OutboundMessage


def messages_to(phone: str):
    """Answer the messages recorded for one E.164 number, newest first."""
    return OutboundMessage.objects.filter(to_phone=phone).order_by("-created_at", "-pk")

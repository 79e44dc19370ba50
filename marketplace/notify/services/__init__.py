"""Writes of the text-message channel."""

from .messages import message_queue, message_send

__all__ = ["message_queue", "message_send"]

"""Text messages beside the e-mail outbox: SMS and WhatsApp through a pluggable backend."""

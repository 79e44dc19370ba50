"""Text messages recorded with the change they report, then handed to the provider by a task."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class OutboundMessage(models.Model):
    """One SMS or WhatsApp message; its unique key makes each notification exactly-once."""

    key = models.CharField(_("key"), max_length=160, unique=True)
    purpose = models.CharField(_("purpose"), max_length=60, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to_phone = models.CharField(_("to"), max_length=20, db_index=True)  # E.164
    language = models.CharField(_("language"), max_length=5, default="fr")
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_ref = models.CharField(_("provider reference"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.purpose} → {self.to_phone} ({self.channel})"

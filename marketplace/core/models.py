"""Base models and the exchange rates administrators maintain."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .money import CURRENCY_CHOICES


class TimeStampedModel(models.Model):
    """Adds created/updated timestamps."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ExchangeRate(models.Model):
    """How many units of a currency one dirham buys; set by an administrator (no live rates)."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, unique=True)
    rate = models.DecimalField(
        _("units per 1 MAD"),
        max_digits=14,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency"]
        constraints = [models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive")]

    def __str__(self):
        return f"1 MAD = {self.rate} {self.currency}"


class OutboxEmail(models.Model):
    """An e-mail recorded in the same transaction as the change it reports, sent by a task.

    The unique key makes each notification exactly-once: recording it twice is a no-op, and a
    sweep re-queues rows whose task was lost between commit and broker.
    """

    key = models.CharField(_("key"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} → {self.to_email}"

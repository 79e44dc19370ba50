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

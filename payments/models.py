"""Payments, refunds, Stripe webhook events, the commission ledger and payouts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from artisans.models import Shop
from marketplace.core.models import TimeStampedModel
from marketplace.core.money import CURRENCY_CHOICES
from marketplace.orders.models import Order, ShopOrder


class Payment(TimeStampedModel):
    """The one card payment for an order (a PaymentIntent); retries reuse it."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        REQUIRES_ACTION = "requires_action", _("Needs authentication")
        PROCESSING = "processing", _("Processing")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payment")
    provider = models.CharField(max_length=20, default="stripe")
    intent_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=200, blank=True)
    charge_id = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    # What Stripe reported it captured (the verified webhook's amount): refunds never exceed
    # it, whatever the order's or shop orders' figures say (services/refunds.py).
    amount_captured = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CREATED, db_index=True
    )
    last_error = models.CharField(max_length=300, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.order.number} {self.amount} {self.currency} {self.status}"


class Refund(TimeStampedModel):
    """Money given back for a shop order; the sum never exceeds what was captured for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    shop_order = models.ForeignKey(ShopOrder, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2)
    provider_refund_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self):
        return f"refund {self.amount} {self.currency} ({self.status})"


class WebhookEvent(models.Model):
    """A provider event, recorded once by its id so redeliveries are harmless."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=80, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at"]
        indexes = [
            # The worker's queue: events not yet applied, in arrival order (a few rows, however
            # many events were ever received).
            models.Index(
                fields=["id"], condition=Q(processed_at__isnull=True), name="webhook_unprocessed"
            )
        ]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class Payout(TimeStampedModel):
    """Money owed to a shop, grouped from its due ledger balance, settled by bank transfer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be paid")
        HELD = "held", _("Held for review")
        SETTLED = "settled", _("Paid")

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="payouts")
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The bank details the payout goes to, copied when it is made: the transfer list reads
    # these, never the shop's current ones (a later change holds the payout for review).
    holder = models.CharField(_("account holder"), max_length=120, blank=True)
    rib = models.CharField(_("RIB"), max_length=24, blank=True)
    hold_reason = models.CharField(_("hold reason"), max_length=200, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_mad__gt=0), name="payout_amount_positive")
        ]

    def __str__(self):
        return f"payout {self.shop_id} {self.amount_mad} MAD ({self.status})"


class LedgerEntry(models.Model):
    """One movement of money in MAD: sale, commission, refund or payout (append-only)."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        COMMISSION = "commission", _("Commission")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="ledger_entries")
    shop_order = models.ForeignKey(
        ShopOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    refund = models.ForeignKey(
        Refund, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Signed, from the shop's point of view: a sale credits, commission/refund/payout debit.
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2)
    available_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["shop", "kind"], name="ledger_shop_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["shop_order", "kind"],
                condition=Q(kind__in=["sale", "commission"]),
                name="one_sale_and_commission_per_shop_order",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.amount_mad} MAD"

"""Payments, refunds, Stripe webhook events, the commission ledger and payouts."""

from decimal import Decimal

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
        # Cash on delivery: the platform's part of the COD fee, and a refused parcel's return.
        COD_FEE = "cod_fee", _("Cash-on-delivery fee")
        RETURN_COST = "return_cost", _("Return cost of a refused parcel")

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
                condition=Q(kind__in=["sale", "commission", "cod_fee", "return_cost"]),
                name="one_sale_and_commission_per_shop_order",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.amount_mad} MAD"


# --- Cash on delivery (payments/methods/cod.py) -------------------------------------------------


class ReturnCostPayer(models.TextChoices):
    PLATFORM = "platform", _("The platform")
    SHOP = "shop", _("The shop")


class CodShopTerms(TimeStampedModel):
    """A shop's choice to take cash on delivery, its fee and who bears a refused parcel."""

    shop = models.OneToOneField(Shop, on_delete=models.CASCADE, related_name="cod_terms")
    enabled = models.BooleanField(_("accepts cash on delivery"), default=False)
    fee_mad = models.DecimalField(
        _("cash-on-delivery fee (MAD)"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    # Empty: the platform's policy (settings.COD_RETURN_COST_*).
    return_cost_mad = models.DecimalField(
        _("return cost of a refused parcel (MAD)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    return_cost_payer = models.CharField(
        _("who bears the return cost"), max_length=10, choices=ReturnCostPayer.choices, blank=True
    )

    class Meta:
        verbose_name = _("cash-on-delivery terms")
        verbose_name_plural = _("cash-on-delivery terms")
        constraints = [
            models.CheckConstraint(condition=Q(fee_mad__gte=0), name="cod_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(return_cost_mad__isnull=True) | Q(return_cost_mad__gte=0),
                name="cod_return_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.shop} COD {'on' if self.enabled else 'off'}"


class CodConfirmation(TimeStampedModel):
    """The code that confirms a cash-on-delivery order: stored hashed, short-lived, capped."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="cod_confirmation")
    phone = models.CharField(_("phone"), max_length=20, db_index=True)  # E.164
    channel = models.CharField(_("channel"), max_length=10, default="sms")
    # HMAC of the code with the site's secret: a leaked row does not give the code away.
    code_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong tries on this code"), default=0)
    sends = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("cash-on-delivery confirmation")
        verbose_name_plural = _("cash-on-delivery confirmations")

    def __str__(self):
        return f"{self.order_id} {'confirmed' if self.confirmed_at else 'waiting'}"


class CodBlock(TimeStampedModel):
    """Staff's decision not to offer cash on delivery to a phone number or a buyer."""

    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buyer"),
    )
    reason = models.CharField(_("reason"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cash-on-delivery block")
        verbose_name_plural = _("cash-on-delivery blocks")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | Q(buyer__isnull=False), name="cod_block_has_target"
            )
        ]

    def __str__(self):
        return f"COD block {self.phone or self.buyer_id}"


class CodRefusal(models.Model):
    """A refused or returned cash-on-delivery parcel, counted against its phone and buyer."""

    shop_order = models.OneToOneField(
        ShopOrder, on_delete=models.PROTECT, related_name="cod_refusal"
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(max_length=20, db_index=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_cost_mad = models.DecimalField(max_digits=8, decimal_places=2)
    return_cost_payer = models.CharField(max_length=10, choices=ReturnCostPayer.choices)
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("refused parcel")
        verbose_name_plural = _("refused parcels")
        ordering = ["-created_at"]

    def __str__(self):
        return f"refused {self.shop_order_id}"


class CodRemittance(models.Model):
    """One courier remittance file imported by staff, with its row-by-row outcome."""

    courier = models.CharField(_("courier"), max_length=60)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_credited = models.PositiveIntegerField(_("credited"), default=0)
    rows_flagged = models.PositiveIntegerField(_("flagged"), default=0)
    rows_refused = models.PositiveIntegerField(_("refused"), default=0)
    amount_credited_mad = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("courier remittance")
        verbose_name_plural = _("courier remittances")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.courier} {self.created_at:%Y-%m-%d}"


class CodRemittanceRow(models.Model):
    """One row of a remittance file: credited, flagged for a person, or refused (and why)."""

    class Outcome(models.TextChoices):
        CREDITED = "credited", _("Credited")
        FLAGGED = "flagged", _("Flagged: amount does not match")
        REFUSED = "refused", _("Refused")

    remittance = models.ForeignKey(CodRemittance, on_delete=models.CASCADE, related_name="rows")
    line_no = models.PositiveIntegerField(_("line"))
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    amount_text = models.CharField(_("amount as written"), max_length=40, blank=True)
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    expected_mad = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    collected_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    shop_order = models.ForeignKey(
        ShopOrder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("remittance row")
        verbose_name_plural = _("remittance rows")
        ordering = ["remittance", "line_no"]

    def __str__(self):
        return f"{self.line_no}: {self.outcome}"


class CodCashReceipt(models.Model):
    """Cash the courier remitted for one parcel: the only thing that credits a COD shop order."""

    shop_order = models.OneToOneField(ShopOrder, on_delete=models.PROTECT, related_name="cod_cash")
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2)
    collected_on = models.DateField(null=True, blank=True)
    remittance = models.ForeignKey(
        CodRemittance, on_delete=models.PROTECT, null=True, blank=True, related_name="receipts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cash received")
        verbose_name_plural = _("cash received")
        constraints = [
            models.CheckConstraint(condition=Q(amount_mad__gt=0), name="cod_cash_positive")
        ]

    def __str__(self):
        return f"cash {self.amount_mad} MAD for {self.shop_order_id}"


class CodShopOrder(ShopOrder):
    """Cash-on-delivery shop orders, for staff's admin actions (a proxy: no table)."""

    class Meta:
        proxy = True
        verbose_name = _("cash-on-delivery parcel")
        verbose_name_plural = _("cash-on-delivery parcels")

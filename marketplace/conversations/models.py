"""Conversations between a buyer and a shop, their messages and photos, quotes, commissions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import Shop
from marketplace.core.models import TimeStampedModel
from marketplace.core.money import CURRENCY_CHOICES
from marketplace.core.storage import private_storage


class Side(models.TextChoices):
    """Who speaks: the buyer, the shop (any of its order-handling members) or Souk itself."""

    BUYER = "buyer", _("Buyer")
    SHOP = "shop", _("Shop")
    SYSTEM = "system", _("Souk")


class Conversation(TimeStampedModel):
    """The one thread between a buyer and a shop; it may have started from a piece or an order."""

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="conversations")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Unread messages per side (moved with F()), and the last message each side has read
    # (read receipts: a message is seen once the other side's mark reaches it).
    buyer_unread = models.PositiveIntegerField(default=0)
    shop_unread = models.PositiveIntegerField(default=0)
    buyer_read_upto = models.BigIntegerField(default=0)
    shop_read_upto = models.BigIntegerField(default=0)
    # Batched e-mail: when each side's next notification is due (None: nothing waiting).
    buyer_notify_at = models.DateTimeField(null=True, blank=True, db_index=True)
    shop_notify_at = models.DateTimeField(null=True, blank=True, db_index=True)
    blocked_by_buyer_at = models.DateTimeField(null=True, blank=True)
    blocked_by_shop_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "shop"], name="one_conversation_per_pair")
        ]
        indexes = [
            models.Index(fields=["shop", "-last_message_at"], name="conversation_shop_inbox"),
            models.Index(fields=["buyer", "-last_message_at"], name="conversation_buyer_inbox"),
        ]

    def __str__(self):
        return f"{self.buyer_id} ↔ {self.shop}"

    def unread_for(self, side: str) -> int:
        return self.buyer_unread if side == Side.BUYER else self.shop_unread

    def read_upto(self, side: str) -> int:
        return self.buyer_read_upto if side == Side.BUYER else self.shop_read_upto

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_by_buyer_at or self.blocked_by_shop_at)


class Quote(TimeStampedModel):
    """A shop's offer to make a piece: what, how big, which colours, price, time, deposit."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="quotes")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="quotes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    description = models.TextField(_("description"), max_length=2000)
    dimensions = models.CharField(_("dimensions"), max_length=120, blank=True)
    colours = models.CharField(_("colours"), max_length=200, blank=True)
    price_mad = models.DecimalField(_("price (MAD)"), max_digits=12, decimal_places=2)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"))
    deposit_percent = models.PositiveSmallIntegerField(_("deposit (%)"))
    expires_at = models.DateTimeField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price_mad__gt=0), name="quote_price_positive"),
            models.CheckConstraint(
                condition=Q(deposit_percent__gte=10) & Q(deposit_percent__lte=90),
                name="quote_deposit_10_90",
            ),
            models.CheckConstraint(
                condition=Q(lead_time_days__gte=1) & Q(lead_time_days__lte=365),
                name="quote_lead_time_range",
            ),
        ]

    def __str__(self):
        return f"quote {self.pk} {self.price_mad} MAD ({self.status})"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def effective_status(self, now=None) -> str:
        """The status a person sees: an open quote past its date reads as expired."""
        if self.status == self.Status.OPEN and self.is_expired(now):
            return "expired"
        return self.status


class Commission(TimeStampedModel):
    """A piece made to a quote: a deposit order, progress updates, then a balance order that ships.

    Money moves only through the two orders (each one Payment, refunds capped per shop order);
    this row follows where the piece stands and enforces the cancellation rules.
    """

    class Status(models.TextChoices):
        AWAITING_DEPOSIT = "awaiting_deposit", _("Waiting for the deposit")
        DEPOSIT_PAID = "deposit_paid", _("Deposit paid, work not started")
        IN_PROGRESS = "in_progress", _("Being made")
        AWAITING_BALANCE = "awaiting_balance", _("Ready, waiting for the balance")
        BALANCE_PAID = "balance_paid", _("Paid, to be shipped")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Deposit not paid in time")

    class Outcome(models.TextChoices):
        NONE = "", _("—")
        REFUNDED = "refunded", _("Everything refunded to the buyer")
        FORFEITED = "forfeited", _("Deposit kept by the shop")
        DECIDED = "decided", _("Decided by a moderator")

    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="commissions")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="commissions"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commissions"
    )
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="commissions")
    title = models.CharField(_("piece"), max_length=200)
    price_mad = models.DecimalField(max_digits=12, decimal_places=2)
    deposit_mad = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_mad = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    exchange_rate = models.DecimalField(max_digits=14, decimal_places=8)
    lead_time_days = models.PositiveSmallIntegerField()
    deposit_order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="commission_deposit"
    )
    balance_order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commission_balance",
    )
    ship = models.JSONField(default=dict)  # the order's ship_* fields, reused for the balance
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.AWAITING_DEPOSIT,
        db_index=True,
    )
    deposit_paid_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    work_started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    balance_paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    deposit_credited_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")

    class Meta:
        verbose_name = _("commissioned piece")
        verbose_name_plural = _("commissioned pieces")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live commission per quote, however many times "accept" is pressed at once.
            models.UniqueConstraint(
                fields=["quote"], condition=~Q(status="lapsed"), name="one_live_commission"
            ),
            models.CheckConstraint(
                condition=Q(deposit_mad__gt=0) & Q(deposit_mad__lt=models.F("price_mad")),
                name="commission_deposit_below_price",
            ),
        ]
        indexes = [models.Index(fields=["shop", "status"], name="commission_shop_status")]

    def __str__(self):
        return f"commission {self.pk} ({self.status})"

    @property
    def balance_mad(self):
        return self.price_mad - self.deposit_mad

    def overdue(self, now=None) -> bool:
        """Tell whether the shop missed its lead time (the piece not ready by the due date)."""
        if self.due_at is None:
            return False
        if self.ready_at is not None:
            return self.ready_at > self.due_at
        if self.status in (self.Status.DEPOSIT_PAID, self.Status.IN_PROGRESS):
            return (now or timezone.now()) > self.due_at
        return False

    def days_left(self, now=None) -> int | None:
        if self.due_at is None:
            return None
        return (self.due_at - (now or timezone.now()) + timedelta(hours=23)).days


class Message(models.Model):
    """One message: text (as written, and as shown after masking), photos, or a quote/update."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        QUOTE = "quote", _("Quote")
        PROGRESS = "progress", _("Progress update")
        EVENT = "event", _("Event")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    side = models.CharField(max_length=6, choices=Side.choices)
    # For a shop: the member who wrote (a cooperative answers as itself, naming the member).
    sender_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(blank=True)  # as written: moderators only
    shown = models.TextField(blank=True)  # what the two sides see (contact details masked)
    masked = models.BooleanField(default=False)
    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_thread")]

    def __str__(self):
        return f"message {self.pk} ({self.side})"


def _photo_path(instance, filename):
    return f"conversations/{instance.message.conversation_id}/{filename}"


class MessagePhoto(models.Model):
    """A photo sent in a conversation: checked, stripped of metadata, private to its two sides."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, storage=private_storage, max_length=200)
    thumb = models.FileField(upload_to=_photo_path, storage=private_storage, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=20, default="image/jpeg")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return f"photo {self.pk}"


class MessagingBan(models.Model):
    """A moderator's suspension of an account from sending messages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_ban"
    )
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("messaging suspension")
        verbose_name_plural = _("messaging suspensions")

    def __str__(self):
        return f"ban {self.user_id}"

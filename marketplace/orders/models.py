"""Carts, orders split per shop, their lines and their event timeline."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from artisans.models import ShippingZone, Shop
from marketplace.catalogue.models import Product, Variant
from marketplace.core.models import TimeStampedModel
from marketplace.core.money import CURRENCY_CHOICES

from .status import OrderStatus, PaymentMethodCode, ShopOrderStatus

# No 0/O/1/I/L: numbers are read out over the phone.
_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_order_number() -> str:
    """Return a random public order number like SK-7KQ4-M2XH-9PRT (~70 bits, not guessable)."""
    raw = "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(12))
    return f"SK-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Cart(TimeStampedModel):
    """A signed-in buyer's or an anonymous session's cart."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    session_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(session_key__isnull=False),
                name="cart_has_owner",
            )
        ]

    def __str__(self):
        return f"cart {self.pk}"


class CartLine(TimeStampedModel):
    """A variant in a cart, with the price seen when it was added (to flag price changes)."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    price_seen = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="unique_cart_variant"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=99), name="cart_line_qty_range"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"


class OrderKind(models.TextChoices):
    """What an order pays for: a checkout of listed pieces, or one part of a quoted piece."""

    PURCHASE = "purchase", _("Purchase")
    # A commissioned piece is paid in two orders (see marketplace/conversations): the deposit
    # never ships by itself; the balance ships the piece through the normal shop-order flow.
    DEPOSIT = "deposit", _("Deposit for a commissioned piece")
    BALANCE = "balance", _("Balance for a commissioned piece")


class Order(TimeStampedModel):
    """One checkout: the buyer, the address, the currency and rate locked in, the totals."""

    number = models.CharField(
        _("order number"), max_length=20, unique=True, default=new_order_number, editable=False
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    ship_name = models.CharField(_("full name"), max_length=120)
    ship_line1 = models.CharField(_("street and number"), max_length=200)
    ship_line2 = models.CharField(_("apartment, building"), max_length=200, blank=True)
    ship_city = models.CharField(_("city"), max_length=100)
    ship_postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    ship_country = models.CharField(_("country"), max_length=2)
    ship_phone = models.CharField(_("phone"), max_length=30, blank=True)
    shipping_zone = models.CharField(_("shipping zone"), max_length=2, choices=ShippingZone.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    exchange_rate = models.DecimalField(
        _("exchange rate (units per 1 MAD)"), max_digits=14, decimal_places=8
    )
    subtotal_mad = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    shipping_mad = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    total_mad = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    # What the buyer pays, in `currency`: the sum of the shop orders' `total`.
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=Decimal("0"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
        db_index=True,
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=OrderKind.choices, default=OrderKind.PURCHASE
    )
    payment_method = models.CharField(
        _("payment method"),
        max_length=10,
        choices=PaymentMethodCode.choices,
        default=PaymentMethodCode.CARD,
        db_index=True,
    )
    held_for_review = models.BooleanField(_("held for review"), default=False)
    hold_reason = models.CharField(_("hold reason"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    # A digest of what the checkout asked for (e-mail, address, currency): the same key sent
    # again with another request is refused instead of answering this order.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # The import charges the buyer was shown before paying (marketplace.shipping): an estimate
    # with its rules and their dates, kept as shown; empty when none applies (e.g. Morocco).
    import_estimate = models.JSONField(_("import charges estimate"), default=dict, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="order_status_created")]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative")
        ]

    def __str__(self):
        return self.number

    @property
    def refunded(self):
        """What was given back over all shop parts, in the order's currency."""
        return sum((so.refunded for so in self.shop_orders.all()), Decimal("0.00"))

    @property
    def total_after_refunds(self):
        """What the buyer pays once the refunds are taken off."""
        return self.total - self.refunded


class ShopOrder(TimeStampedModel):
    """One shop's part of an order: its own status, shipping, tracking and commission."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shop_orders")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="shop_orders")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ShopOrderStatus.choices,
        default=ShopOrderStatus.PENDING_PAYMENT,
        db_index=True,
    )
    subtotal_mad = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_mad = models.DecimalField(max_digits=12, decimal_places=2)
    total_mad = models.DecimalField(max_digits=12, decimal_places=2)
    # The same total in the order's currency, rounded once.
    total = models.DecimalField(max_digits=12, decimal_places=2)
    # What was given back so far, in the order's currency (kept by shop_order_refund_record).
    refunded = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    commission_rate = models.DecimalField(max_digits=5, decimal_places=4)
    # Cash on delivery: the shop's fee for it, in MAD, part of subtotal + shipping + fee = total.
    cod_fee_mad = models.DecimalField(
        _("cash-on-delivery fee"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(
        _("tracking number"), max_length=80, blank=True, db_index=True
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shop order")
        verbose_name_plural = _("shop orders")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "shop"], name="unique_order_shop"),
            models.CheckConstraint(condition=Q(total__gte=0), name="shop_order_total_not_neg"),
            models.CheckConstraint(
                condition=Q(refunded__gte=0) & Q(refunded__lte=models.F("total")),
                name="shop_order_refunded_within_total",
            ),
        ]
        indexes = [models.Index(fields=["shop", "status"], name="shoporder_shop_status")]

    def __str__(self):
        return f"{self.order.number}/{self.shop_id}"

    @property
    def total_after_refunds(self):
        """What the buyer pays for this part once the refunds are taken off."""
        return self.total - self.refunded


class OrderLine(models.Model):
    """A variant bought, with title, SKU and unit price copied at checkout."""

    shop_order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, on_delete=models.SET_NULL, null=True, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)
    unit_price_mad = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveSmallIntegerField()
    line_total_mad = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_qty_positive"),
            models.CheckConstraint(condition=Q(unit_price_mad__gt=0), name="order_line_price_pos"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class OrderEvent(models.Model):
    """One step of an order's timeline: who moved which part from what to what, and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    shop_order = models.ForeignKey(
        ShopOrder, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.from_status}→{self.to_status}"

"""Favourite pieces, followed shops, back-in-stock alerts, alert settings, cart reminders.

Everything here belongs to one buyer, is made by their own choice (opt-in), can be undone
(revocable) from the preferences page or an e-mail's signed link, is part of the account's
data export and goes with the account (CASCADE).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from artisans.models import Shop
from marketplace.catalogue.models import Product, Variant


class Favourite(models.Model):
    """A piece a buyer loves (the heart)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="unique_favourite")]
        indexes = [models.Index(fields=["product"], name="favourite_product")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.product_id}"


class Follow(models.Model):
    """A shop a buyer follows; `digest`: e-mail its new pieces, once a week at most."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="followers")
    digest = models.BooleanField(_("e-mail new pieces (weekly at most)"), default=True)
    created_at = models.DateTimeField(_("followed at"), auto_now_add=True)
    # Pieces published up to this moment were told (or predate the follow).
    told_until = models.DateTimeField(_("new pieces told until"))

    class Meta:
        verbose_name = _("followed shop")
        verbose_name_plural = _("followed shops")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "shop"], name="unique_follow")]

    def __str__(self):
        return f"{self.user_id} → shop {self.shop_id}"


class StockAlert(models.Model):
    """ "Tell me when it is back" on a sold-out variant: one e-mail when it returns, then done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stock_alerts"
    )
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="stock_alerts")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    # Set in the transaction that records the e-mail: an alert is told at most once.
    notified_at = models.DateTimeField(_("told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("back-in-stock alert")
        verbose_name_plural = _("back-in-stock alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One waiting alert per buyer and variant; told ones stay as history.
            models.UniqueConstraint(
                fields=["user", "variant"],
                condition=models.Q(notified_at__isnull=True),
                name="unique_waiting_stock_alert",
            )
        ]
        indexes = [
            models.Index(
                fields=["variant"],
                condition=models.Q(notified_at__isnull=True),
                name="stock_alert_waiting",
            )
        ]

    def __str__(self):
        return f"{self.user_id} ⏰ {self.variant_id}"


class AlertSettings(models.Model):
    """A buyer's e-mail choices that are not tied to one piece or shop."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings"
    )
    cart_reminder = models.BooleanField(_("remind me of a cart I left"), default=False)
    digest_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self):
        return f"alert settings of {self.user_id}"


class CartReminder(models.Model):
    """One reminder e-mail sent for a cart's contents (unique: never two for the same cart)."""

    cart = models.ForeignKey("orders.Cart", on_delete=models.CASCADE, related_name="reminders")
    # When the oldest line still in the cart was added: a cart emptied (checked out) and filled
    # again starts anew and may get its own reminder.
    cart_started_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cart reminder")
        verbose_name_plural = _("cart reminders")
        constraints = [
            models.UniqueConstraint(fields=["cart", "cart_started_at"], name="unique_cart_reminder")
        ]

    def __str__(self):
        return f"reminder for cart {self.cart_id}"


class UsedLink(models.Model):
    """An unsubscribe link already used: each link works once (only its digest is kept)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("used unsubscribe link")
        verbose_name_plural = _("used unsubscribe links")

    def __str__(self):
        return self.digest[:12]

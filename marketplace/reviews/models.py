"""Reviews of delivered order lines: one per line, 1–5 stars, text, optional photo, one reply."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    """A verified buyer's rating of one delivered order line; the shop may answer once."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a moderator")

    order_line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.PROTECT, related_name="review"
    )
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.SET_NULL, null=True, related_name="reviews"
    )
    shop = models.ForeignKey("artisans.Shop", on_delete=models.PROTECT, related_name="reviews")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    author_name = models.CharField(_("shown as"), max_length=80)
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), max_length=2000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="reviews/", blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # Reviews publish at once; moderators skim the new ones and mark them checked or hide them.
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True, db_index=True)
    reply = models.TextField(_("shop's reply"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "status", "-created_at"], name="review_product"),
            models.Index(fields=["shop", "status", "-created_at"], name="review_shop"),
        ]

    def __str__(self):
        return f"{self.rating}★ #{self.pk}"

    @property
    def stars(self) -> str:
        return "★" * self.rating + "☆" * (5 - self.rating)

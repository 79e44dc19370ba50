"""The append-only audit log of staff and moderation actions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit entries are append-only.")

    def delete(self):
        raise PermissionError("Audit entries are append-only.")


class AuditEntry(models.Model):
    """Who did what to which object, the fields before → after, why, and when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("before → after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")


class Flag(models.Model):
    """A report about a product, a shop, a review or a message; reports gather on the item."""

    class Reason(models.TextChoices):
        NOT_HANDMADE = "not_handmade", _("Not handmade or not from Morocco")
        COUNTERFEIT = "counterfeit", _("Counterfeit or copied design")
        PROHIBITED = "prohibited", _("Prohibited item")
        MISLEADING = "misleading", _("Misleading description or photos")
        OFFENSIVE = "offensive", _("Offensive or inappropriate")
        FRAUD = "fraud", _("Fraud or scam")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Resolution(models.TextChoices):
        NO_ACTION = "no_action", _("No action needed")
        WARNED = "warned", _("Sender warned")
        HIDDEN = "hidden", _("Hidden")
        SUSPENDED = "suspended", _("Shop suspended")

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    shop = models.ForeignKey(
        "artisans.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    # A message of a conversation ([conversations]): only its two sides may report it.
    message = models.ForeignKey(
        "conversations.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("details"), max_length=2000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flags",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, blank=True
    )
    resolution_note = models.TextField(_("moderator's note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        product__isnull=False,
                        shop__isnull=True,
                        review__isnull=True,
                        message__isnull=True,
                    )
                    | models.Q(
                        product__isnull=True,
                        shop__isnull=False,
                        review__isnull=True,
                        message__isnull=True,
                    )
                    | models.Q(
                        product__isnull=True,
                        shop__isnull=True,
                        review__isnull=False,
                        message__isnull=True,
                    )
                    | models.Q(
                        product__isnull=True,
                        shop__isnull=True,
                        review__isnull=True,
                        message__isnull=False,
                    )
                ),
                name="flag_has_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "product"], name="flag_open_product"),
            models.Index(fields=["status", "shop"], name="flag_open_shop"),
            models.Index(fields=["status", "review"], name="flag_open_review"),
            models.Index(fields=["status", "message"], name="flag_open_message"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} → {self.target_kind}#{self.target_id}"

    @property
    def target_kind(self) -> str:
        if self.product_id:
            return "product"
        if self.shop_id:
            return "shop"
        if self.message_id:
            return "message"
        return "review"

    @property
    def target_id(self) -> int:
        return self.product_id or self.shop_id or self.review_id or self.message_id

    @property
    def target(self):
        return self.product or self.shop or self.review or self.message

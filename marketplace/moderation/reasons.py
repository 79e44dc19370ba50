"""The reasons moderators pick from when they refuse or suspend (plus free text)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopRejectReason(models.TextChoices):
    DOCUMENTS = "documents", _("Documents missing or unreadable")
    REGISTRY = "registry", _("Registry number could not be checked")
    NOT_MAKER = "not_maker", _("Not an artisan or cooperative making its own pieces")
    INCOMPLETE = "incomplete", _("Shop profile incomplete")
    OTHER = "other", _("Other")


class ProductRejectReason(models.TextChoices):
    PHOTOS = "photos", _("Photos do not show the piece clearly")
    NOT_HANDMADE = "not_handmade", _("Not handmade or not made in Morocco")
    PROHIBITED = "prohibited", _("Prohibited item")
    DESCRIPTION = "description", _("Description incomplete or misleading")
    PRICE = "price", _("Price looks wrong")
    DUPLICATE = "duplicate", _("Duplicate of another listing")
    OTHER = "other", _("Other")


class SuspendReason(models.TextChoices):
    REPORTS = "reports", _("Repeated reports from buyers")
    FRAUD = "fraud", _("Suspected fraud")
    QUALITY = "quality", _("Orders not shipped or not as described")
    DOCUMENTS = "documents", _("Documents expired or withdrawn")
    OTHER = "other", _("Other")


def reason_text(choices, code: str, text: str) -> str:
    """Join the chosen reason's label (in the active language) and the free text."""
    label = str(dict(choices.choices).get(code, "")) if code else ""
    text = (text or "").strip()
    if label and text:
        return f"{label} — {text}"
    return label or text

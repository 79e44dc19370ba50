"""Shipping profiles beside each zone's ShippingRate, weight bands, customs data, documents."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from artisans.models import ShippingRate, Shop
from marketplace.catalogue.models import Product, Variant
from marketplace.core.storage import private_storage

from .hs import validate_hs_code

_COUNTRY = RegexValidator(r"^[A-Z]{2}$", _("A country is two capital letters, e.g. MA."))


class ShippingProfile(models.Model):
    """How long a shop takes to hand a parcel over; its zones live in ShippingRate rows."""

    shop = models.OneToOneField(Shop, on_delete=models.CASCADE, related_name="shipping_profile")
    processing_days_min = models.PositiveSmallIntegerField(
        _("days to prepare, at least"), default=1, validators=[MaxValueValidator(90)]
    )
    processing_days_max = models.PositiveSmallIntegerField(
        _("days to prepare, at most"), default=3, validators=[MaxValueValidator(90)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipping profile")
        verbose_name_plural = _("shipping profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(processing_days_min__lte=F("processing_days_max")),
                name="shipping_profile_days_order",
            )
        ]

    def __str__(self):
        return str(self.shop)


class ZoneService(models.Model):
    """What a zone's ShippingRate does not say: priced by piece or weight, free above, carriers.

    Extends `artisans.ShippingRate` (one row per shop and zone, first piece + each further
    piece) rather than replacing it: a rate without a service is priced per piece as before.
    """

    class Pricing(models.TextChoices):
        PIECE = "piece", _("Per piece")
        WEIGHT = "weight", _("By weight")

    rate = models.OneToOneField(ShippingRate, on_delete=models.CASCADE, related_name="service")
    pricing = models.CharField(
        _("pricing"), max_length=6, choices=Pricing.choices, default=Pricing.PIECE
    )
    free_over_mad = models.DecimalField(
        _("free shipping from (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    carriers = models.JSONField(_("carriers"), default=list, blank=True)

    class Meta:
        verbose_name = _("zone service")
        verbose_name_plural = _("zone services")
        constraints = [
            models.CheckConstraint(
                condition=Q(free_over_mad__isnull=True) | Q(free_over_mad__gte=0),
                name="zone_service_free_not_negative",
            )
        ]

    def __str__(self):
        return str(self.rate)


class WeightBand(models.Model):
    """A price for parcels up to a weight, for one shop and zone (used when priced by weight)."""

    rate = models.ForeignKey(ShippingRate, on_delete=models.CASCADE, related_name="weight_bands")
    up_to_grams = models.PositiveIntegerField(_("up to (g)"), validators=[MinValueValidator(1)])
    price_mad = models.DecimalField(_("price (MAD)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("weight band")
        verbose_name_plural = _("weight bands")
        ordering = ["rate", "up_to_grams"]
        constraints = [
            models.UniqueConstraint(fields=["rate", "up_to_grams"], name="unique_band_weight"),
            models.CheckConstraint(
                condition=Q(price_mad__gte=0) & Q(up_to_grams__gt=0), name="weight_band_valid"
            ),
        ]

    def __str__(self):
        return f"≤ {self.up_to_grams} g: {self.price_mad} MAD"


class CustomsFields(models.Model):
    """What a customs form asks about a piece (one product, or a variant that differs)."""

    hs_code = models.CharField(
        _("HS code"), max_length=6, blank=True, validators=[validate_hs_code]
    )
    origin_country = models.CharField(
        _("country of origin"), max_length=2, blank=True, validators=[_COUNTRY]
    )
    composition = models.CharField(_("material composition"), max_length=200, blank=True)
    net_weight_grams = models.PositiveIntegerField(_("net weight (g)"), null=True, blank=True)
    length_cm = models.PositiveSmallIntegerField(_("packed length (cm)"), null=True, blank=True)
    width_cm = models.PositiveSmallIntegerField(_("packed width (cm)"), null=True, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("packed height (cm)"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = (
        "hs_code",
        "origin_country",
        "composition",
        "net_weight_grams",
        "length_cm",
        "width_cm",
        "height_cm",
    )

    class Meta:
        abstract = True


class ProductCustoms(CustomsFields):
    """A product's customs data; origin is Morocco unless the seller says otherwise."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="customs")
    origin_country = models.CharField(
        _("country of origin"), max_length=2, default="MA", validators=[_COUNTRY]
    )

    class Meta:
        verbose_name = _("customs data")
        verbose_name_plural = _("customs data")

    def __str__(self):
        return f"{self.product} · {self.hs_code or '—'}"


class VariantCustoms(CustomsFields):
    """A variant's own customs data; every blank field takes the product's value."""

    variant = models.OneToOneField(Variant, on_delete=models.CASCADE, related_name="customs")

    class Meta:
        verbose_name = _("variant customs data")
        verbose_name_plural = _("variant customs data")

    def __str__(self):
        return f"{self.variant} · {self.hs_code or '—'}"


def _document_path(instance, filename):
    return f"shipping-documents/{instance.shop_id}/{filename}"


class ShipmentDocument(models.Model):
    """A customs document made for one shop order, kept in private storage.

    `shop_order_id` names the orders app's ShopOrder without a foreign key: this app sits
    below orders and never reaches up to it. `fingerprint` is a digest of what was printed, so
    a change before shipping makes a new file and an unchanged order keeps its file.
    """

    class Kind(models.TextChoices):
        CN22 = "cn22", _("Customs declaration CN22")
        CN23 = "cn23", _("Customs declaration CN23")
        INVOICE = "invoice", _("Commercial invoice")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="shipment_documents")
    shop_order_id = models.PositiveBigIntegerField(db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=200)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment document")
        verbose_name_plural = _("shipment documents")
        ordering = ["shop_order_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["shop_order_id", "kind"], name="unique_document_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.shop_order_id}"

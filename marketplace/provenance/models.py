"""Craft labels and shops' claims to them, signed certificates per piece, makers' shares and pay."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Craft, Shop
from marketplace.catalogue.models import Product
from marketplace.orders.models import OrderLine

from .storage import document_storage

# No 0/O/1/I/L: a code is typed from a card or read out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
# 31^12 ≈ 7.9e17 codes: 12 × log2(31) ≈ 59.45 bits, drawn by secrets.choice (the OS's
# CSPRNG). With a million certificates issued, one guess hits one with probability ≈ 1.3e-12.
CODE_ENTROPY_BITS = 59.45


def new_certificate_code() -> str:
    """Return a random certificate code like 7KQ4-M2XH-9PRT (~59 bits, typed from a card)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(text: str) -> str:
    """Return a typed code in its stored form (upper case, dashes where they belong), or ''."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Label(models.Model):
    """A craft label or collective mark (the national label, Tapis Rbati, Madmoun...)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National label")
        COLLECTIVE = "collective", _("Collective mark")
        ORIGIN = "origin", _("Geographical indication")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=160)
    name_fr = models.CharField(_("name (French)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_es = models.CharField(_("name (Spanish)"), max_length=160)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    # Craft values (artisans.Craft) the label may be claimed for.
    crafts = models.JSONField(_("crafts"), default=list, blank=True)
    active = models.BooleanField(_("open to claims"), default=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name_en or self.slug

    @property
    def name(self) -> str:
        """The name in the current language (French when it is missing)."""
        lang = (get_language() or "fr")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_fr

    def names(self) -> dict[str, str]:
        return {lang: getattr(self, f"name_{lang}") for lang in ("ar", "fr", "en", "es")}

    def craft_labels(self) -> list[str]:
        names = dict(Craft.choices)
        return [str(names.get(c, c)) for c in self.crafts]


class LabelClaimQuerySet(models.QuerySet):
    def shown(self, today=None):
        """Claims a buyer may see: verified by a moderator and not past their expiry date."""
        today = today or timezone.localdate()
        return self.filter(status=LabelClaim.Status.VERIFIED).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


class LabelClaim(models.Model):
    """A shop's (or one product's) claim to a label: certificate number and document."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")
        LAPSED = "lapsed", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="claims")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="label_claims")
    # None: the claim covers every piece of the shop.
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="label_claims"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=80)
    document = models.FileField(
        _("certificate document"), upload_to="label-claims/%Y/%m/", storage=document_storage
    )
    document_type = models.CharField(max_length=40, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reason = models.TextField(_("moderator's reason"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LabelClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("label claim")
        verbose_name_plural = _("label claims")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "label"], name="claim_status_label")]

    def __str__(self):
        return f"{self.label} · {self.shop}"

    def is_shown(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.VERIFIED and (
            self.expires_on is None or self.expires_on >= today
        )


class SigningKey(models.Model):
    """A platform signing key (Ed25519): the public half here, the private half in a file.

    Keys are never deleted: a retired key no longer signs, but stays published so
    certificates signed with it still verify.
    """

    kid = models.CharField(_("key id"), max_length=40, unique=True)
    algorithm = models.CharField(max_length=20, default="Ed25519")
    public_key = models.CharField(_("public key (base64url, raw)"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"], condition=Q(retired_at__isnull=True), name="one_active_key"
            )
        ]

    def __str__(self):
        return self.kid


class Certificate(models.Model):
    """The signed provenance certificate of one sold piece (one per piece of an order line)."""

    code = models.CharField(max_length=14, unique=True, default=new_certificate_code)
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="certificates")
    piece = models.PositiveSmallIntegerField(default=1)
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="certificates")
    payload = models.JSONField()
    signature = models.CharField(max_length=100)
    kid = models.CharField(max_length=40)
    revision = models.PositiveIntegerField(default=1)
    issued_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["line", "piece"]
        constraints = [
            models.UniqueConstraint(fields=["line", "piece"], name="one_certificate_per_piece")
        ]

    def __str__(self):
        return self.code


class SplitRule(models.Model):
    """How a cooperative divides a piece's net proceeds: makers' percentages and its fund.

    `product` empty: the shop's default. The makers' rows plus `fund_percent` sum to 100.
    """

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="split_rules")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="split_rules"
    )
    fund_percent = models.DecimalField(_("cooperative fund (%)"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("split of proceeds")
        verbose_name_plural = _("splits of proceeds")
        constraints = [
            models.UniqueConstraint(fields=["shop", "product"], name="one_split_per_product"),
            models.UniqueConstraint(
                fields=["shop"], condition=Q(product__isnull=True), name="one_default_split"
            ),
            models.CheckConstraint(
                condition=Q(fund_percent__gte=0) & Q(fund_percent__lte=100),
                name="split_fund_in_range",
            ),
        ]

    def __str__(self):
        return f"split {self.shop_id}/{self.product_id or '*'}"


class SplitMaker(models.Model):
    """One maker's percentage in a split."""

    rule = models.ForeignKey(SplitRule, on_delete=models.CASCADE, related_name="makers")
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("maker's share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "artisan"], name="one_row_per_maker"),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="split_maker_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.artisan_id} {self.percent} %"


class LineSplit(models.Model):
    """The split in force when a line was sold, frozen: later changes to the rule leave it."""

    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="split")
    fund_percent = models.DecimalField(max_digits=5, decimal_places=2)
    # [{"artisan": id, "name": str, "percent": "70.00"}] as they stood at the sale.
    makers = models.JSONField(default=list)
    commission_rate = models.DecimalField(max_digits=5, decimal_places=4)
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("split frozen at sale")
        verbose_name_plural = _("splits frozen at sale")

    def __str__(self):
        return f"split of line {self.line_id}"


class MemberPayment(models.Model):
    """Money a cooperative handed to a member, which the member confirms or disputes."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK = "bank", _("Bank transfer")
        WALLET = "wallet", _("Mobile wallet")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the maker")
        CONFIRMED = "confirmed", _("Confirmed by the maker")
        DISPUTED = "disputed", _("Disputed by the maker")

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="member_payments")
    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="payments")
    amount_mad = models.DecimalField(_("amount (MAD)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    phone = models.CharField(_("member's phone"), max_length=20)
    # The member's link (/<lang>/m/<token>/): 96 random bits, short enough for an SMS.
    token = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=5, default="ar")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    dispute_note = models.TextField(_("what is wrong"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A moderator's follow-up of a dispute.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("payment to a member")
        verbose_name_plural = _("payments to members")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_mad__gt=0), name="member_payment_positive")
        ]

    def __str__(self):
        return f"{self.artisan} {self.amount_mad} MAD ({self.status})"


class MemberShare(models.Model):
    """What one piece's net proceeds owe a maker or the cooperative's fund (append-only).

    Written when the shop is credited for the sale (delivery), from the split frozen at sale.
    """

    class Kind(models.TextChoices):
        MAKER = "maker", _("Maker")
        FUND = "fund", _("Cooperative fund")

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="member_shares")
    piece = models.PositiveSmallIntegerField(default=1)
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="member_shares")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    artisan = models.ForeignKey(
        Artisan, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    price_mad = models.DecimalField(max_digits=12, decimal_places=2)
    amount_mad = models.DecimalField(max_digits=12, decimal_places=2)
    payment = models.ForeignKey(
        MemberPayment, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member's share")
        verbose_name_plural = _("members' shares")
        ordering = ["line", "piece", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "piece", "kind", "artisan"], name="one_share_per_party"
            ),
            models.CheckConstraint(
                condition=Q(kind="fund", artisan__isnull=True)
                | Q(kind="maker", artisan__isnull=False),
                name="share_maker_has_artisan",
            ),
        ]
        indexes = [models.Index(fields=["shop", "artisan"], name="share_shop_artisan")]

    def __str__(self):
        return f"{self.kind} {self.amount_mad} MAD"

"""Makers and the shops that sell their work."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import TimeStampedModel
from marketplace.core.storage import private_storage


class Region(models.TextChoices):
    """Morocco's twelve regions."""

    TANGER_TETOUAN = "tanger-tetouan-al-hoceima", _("Tanger-Tétouan-Al Hoceïma")
    ORIENTAL = "oriental", _("Oriental")
    FES_MEKNES = "fes-meknes", _("Fès-Meknès")
    RABAT_SALE = "rabat-sale-kenitra", _("Rabat-Salé-Kénitra")
    BENI_MELLAL = "beni-mellal-khenifra", _("Béni Mellal-Khénifra")
    CASABLANCA = "casablanca-settat", _("Casablanca-Settat")
    MARRAKECH_SAFI = "marrakech-safi", _("Marrakech-Safi")
    DRAA_TAFILALET = "draa-tafilalet", _("Drâa-Tafilalet")
    SOUSS_MASSA = "souss-massa", _("Souss-Massa")
    GUELMIM = "guelmim-oued-noun", _("Guelmim-Oued Noun")
    LAAYOUNE = "laayoune-sakia-el-hamra", _("Laâyoune-Sakia El Hamra")
    DAKHLA = "dakhla-oued-ed-dahab", _("Dakhla-Oued Ed-Dahab")


def region_name(value: str) -> str:
    """Return a region's name in the active language (what get_region_display() answers).

    Django's get_FOO_display() builds a dict of every choice on each call (~37 µs against ~3
    here); a product page asks three times. Models with a region define get_region_display()
    with this: Django only adds its own when the class has none.
    """
    try:
        return str(Region(value).label)
    except ValueError:
        return value


class Craft(models.TextChoices):
    POTTERY = "pottery", _("Pottery and ceramics")
    CARPETS = "carpets", _("Carpets and rugs")
    CLOTHING = "clothing", _("Traditional clothing")
    LEATHER = "leather", _("Leather")
    WOODWORK = "woodwork", _("Woodwork")
    METAL = "metal", _("Metalwork and lanterns")
    JEWELLERY = "jewellery", _("Jewellery")
    ZELLIGE = "zellige", _("Zellige")
    BASKETRY = "basketry", _("Basketry")
    ARGAN = "argan", _("Argan and cosmetics")


class Artisan(TimeStampedModel):
    """A maker's public profile; may have a user account (a seller) or not (a co-op member)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="artisan",
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    craft = models.CharField(_("craft"), max_length=20, choices=Craft.choices)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    city = models.CharField(_("city or village"), max_length=80, blank=True)
    story = models.TextField(_("story"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="artisans/", blank=True)
    registry_number = models.CharField(
        _("national artisan register number"), max_length=40, blank=True
    )

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["name"]

    def get_region_display(self) -> str:
        return region_name(self.region)

    def __str__(self):
        return self.name


class Cooperative(TimeStampedModel):
    """A registered artisan cooperative with member artisans."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=40)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    city = models.CharField(_("city or village"), max_length=80, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    women_led = models.BooleanField(_("women-led"), default=False)
    story = models.TextField(_("story"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="cooperatives/", blank=True)
    members = models.ManyToManyField(Artisan, through="Membership", related_name="cooperatives")

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name"]

    def get_region_display(self) -> str:
        return region_name(self.region)

    def __str__(self):
        return self.name


class Membership(TimeStampedModel):
    """An artisan's place in a cooperative."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Member")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="memberships"
    )
    artisan = models.ForeignKey(Artisan, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "artisan"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.artisan} @ {self.cooperative} ({self.role})"


def default_commission_rate() -> Decimal:
    """Return the platform's default commission rate (a setting)."""
    return settings.DEFAULT_COMMISSION_RATE


class Shop(TimeStampedModel):
    """What sells: owned by one artisan or one cooperative; can sell once verified."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    artisan = models.OneToOneField(
        Artisan, on_delete=models.PROTECT, null=True, blank=True, related_name="shop"
    )
    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.PROTECT, null=True, blank=True, related_name="shop"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    story = models.TextField(_("story"), blank=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    city = models.CharField(_("city or village"), max_length=80, blank=True)
    banner = models.ImageField(_("banner"), upload_to="shops/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("reason given"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=5,
        decimal_places=4,
        default=default_commission_rate,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.5"))],
    )
    payout_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    payout_rib = models.CharField(
        _("RIB (24 digits)"),
        max_length=24,
        blank=True,
        validators=[RegexValidator(r"^\d{24}$", _("A RIB has exactly 24 digits."))],
    )
    payouts_paused = models.BooleanField(_("payouts paused"), default=False)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(artisan__isnull=False) & Q(cooperative__isnull=True))
                | (Q(artisan__isnull=True) & Q(cooperative__isnull=False)),
                name="shop_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=Decimal("0.5")),
                name="shop_commission_in_range",
            ),
        ]

    def get_region_display(self) -> str:
        return region_name(self.region)

    def __str__(self):
        return self.name

    @property
    def is_cooperative(self) -> bool:
        return self.cooperative_id is not None

    @property
    def owner(self):
        """The artisan or cooperative behind the shop."""
        return self.cooperative if self.cooperative_id else self.artisan

    @property
    def can_sell(self) -> bool:
        return self.status == self.Status.VERIFIED


class ShippingZone(models.TextChoices):
    MOROCCO = "MA", _("Morocco")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    WORLD = "WW", _("Rest of the world")


class ShippingRate(models.Model):
    """What a shop charges to ship to a zone: the first piece, then each further piece."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="shipping_rates")
    zone = models.CharField(_("zone"), max_length=2, choices=ShippingZone.choices)
    first_item = models.DecimalField(_("first piece (MAD)"), max_digits=12, decimal_places=2)
    additional_item = models.DecimalField(
        _("each further piece (MAD)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    days_min = models.PositiveSmallIntegerField(_("delivery days, at least"), default=2)
    days_max = models.PositiveSmallIntegerField(_("delivery days, at most"), default=7)

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ["shop", "zone"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "zone"], name="unique_shop_zone_rate"),
            models.CheckConstraint(
                condition=Q(first_item__gte=0) & Q(additional_item__gte=0),
                name="shipping_rate_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.shop} → {self.get_zone_display()}"

    def cost(self, pieces: int) -> Decimal:
        """Return the shipping cost in MAD for a number of pieces."""
        if pieces <= 0:
            return Decimal("0.00")
        return self.first_item + self.additional_item * (pieces - 1)


class ShopDocument(models.Model):
    """A supporting document sent with a shop's application (checked by content on upload)."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Artisan register card or certificate")
        COOP_REGISTRATION = "coop_registration", _("Cooperative registration certificate")
        IDENTITY = "identity", _("Identity document")
        OTHER = "other", _("Other document")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Identity and registration papers: private storage, handed out only to the shop's
    # managers and to staff (audited) through authorised views, never by URL.
    file = models.FileField(_("file"), upload_to="shop-documents/", storage=private_storage)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("shop document")
        verbose_name_plural = _("shop documents")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.shop} · {self.get_kind_display()}"


class CooperativeInvite(models.Model):
    """An e-mailed invitation to join a cooperative with a role; accepted once by that e-mail."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cooperative invitation")
        verbose_name_plural = _("cooperative invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.cooperative}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

"""The catalogue: a category tree, products with text per language, variants and photos."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Region, Shop, region_name
from marketplace.core.localized import localized
from marketplace.core.models import TimeStampedModel
from marketplace.core.storage import private_storage, public_storage

from .search.fields import SearchDocument, SearchDocumentField

LANGS = [code for code, _name in settings.LANGUAGES]


class LocalizedMixin:
    """Attribute-style access to per-language text: obj.title is obj.title_<active lang>."""

    @property
    def title(self) -> str:
        return localized(self, "title")[0]

    @property
    def title_language(self) -> str:
        return localized(self, "title")[1]


class Category(LocalizedMixin, models.Model):
    """A node of the category tree (pottery → tagines)."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_ar = models.CharField(_("name (Arabic)"), max_length=120)
    title_fr = models.CharField(_("name (French)"), max_length=120)
    title_en = models.CharField(_("name (English)"), max_length=120)
    title_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    image = models.ImageField(_("image"), upload_to="categories/", blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self):
        # In the active language (seller forms, moderation pages), falling back like pages do.
        return self.title or self.slug


# Product.material_bits is a signed 64-bit integer: one bit per material, the sign bit unused.
MATERIALS_MAX = 63
TOO_MANY_MATERIALS = _("There can be at most %(max)d materials: merge or delete one first.")


def made_of_any(mask: int) -> Q:
    """Return a filter for products made of any material whose bit is in `mask`."""
    return Q(GreaterThan(F("material_bits").bitand(mask), 0))


def material_free_bit() -> int | None:
    """Return the lowest bit no material holds yet, or None when every bit is taken."""
    taken = set(Material.objects.values_list("bit", flat=True))
    return next((bit for bit in range(MATERIALS_MAX) if bit not in taken), None)


class Material(LocalizedMixin, models.Model):
    """A material products are made of (wool, clay, cedar …), named in every language."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title_ar = models.CharField(_("name (Arabic)"), max_length=80)
    title_fr = models.CharField(_("name (French)"), max_length=80)
    title_en = models.CharField(_("name (English)"), max_length=80)
    title_es = models.CharField(_("name (Spanish)"), max_length=80, blank=True)
    # This material's bit in Product.material_bits, chosen on creation (see save()).
    bit = models.PositiveSmallIntegerField(unique=True, editable=False, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bit__lt=MATERIALS_MAX), name="material_bit_in_range"
            ),
        ]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        if self.bit is not None:
            return super().save(*args, **kwargs)
        # A new material takes the lowest free bit; two created at once may pick the same one,
        # and the unique constraint turns the loser back to try the next.
        for _attempt in range(3):
            self.bit = material_free_bit()
            if self.bit is None:
                raise ValidationError(TOO_MANY_MATERIALS, params={"max": MATERIALS_MAX})
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                taken = Material.objects.filter(bit=self.bit).exclude(pk=self.pk).exists()
                self.bit = None
                if not taken:
                    raise
        raise IntegrityError("no free material bit after 3 attempts")

    @property
    def mask(self) -> int:
        return 1 << self.bit

    def clean(self):
        super().clean()
        if self._state.adding and self.bit is None and material_free_bit() is None:
            raise ValidationError(TOO_MANY_MATERIALS, params={"max": MATERIALS_MAX})


# What a listing filters on besides its sort: carried by the sort indexes (Product.Meta).
_FILTERED = ["shop", "category", "region", "in_stock", "made_to_order", "material_bits"]


class Product(LocalizedMixin, TimeStampedModel):
    """A piece (or a line of pieces) a shop sells; text per language with a fallback."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    maker = models.ForeignKey(
        Artisan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("made by"),
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    materials = models.ManyToManyField(Material, blank=True, related_name="products")
    technique = models.CharField(_("technique"), max_length=120, blank=True)
    region = models.CharField(_("region of origin"), max_length=40, choices=Region.choices)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=0)
    weight_grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    dimensions = models.CharField(_("dimensions"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("reason given"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    featured = models.BooleanField(_("featured"), default=False)
    # Summaries kept up to date by services, so listings sort and filter without joins.
    price = models.DecimalField(
        _("lowest price (MAD)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    in_stock = models.BooleanField(_("in stock"), default=False)
    rating_avg = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, default=Decimal("0")
    )
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    # One bit per material (Material.bit) the product is made of, kept by
    # services.products_refresh_material_bits whenever its materials change: the material
    # facet and filter read it from product_cat_facets instead of joining the M2M table.
    material_bits = models.BigIntegerField(_("materials (bits)"), default=0, editable=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # tsvector of search_text computed by PostgreSQL on every write (GIN index in migration
    # 0003); NULL and unused on SQLite. See search/fields.py.
    search_vector = models.GeneratedField(
        expression=SearchDocument("search_text"),
        output_field=SearchDocumentField(null=True),
        db_persist=True,
        null=True,
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The listing's sorts (newest, price both ways, rating, relevance): each index runs
            # in the sort's order down to the id, then carries the columns the filters test,
            # so a filtered page is cut from the index alone (an index-only scan) instead of
            # visiting a ~1.4 kB row for every piece the filters turn away.
            models.Index(
                fields=["status", "-published_at", "-id", *_FILTERED], name="product_pub_cover"
            ),
            models.Index(fields=["status", "price", "id", *_FILTERED], name="product_price_cover"),
            models.Index(
                fields=[
                    "status",
                    "-rating_avg",
                    "-rating_count",
                    "-published_at",
                    "-id",
                    *_FILTERED,
                ],
                name="product_rating_cover",
            ),
            models.Index(
                fields=["status", "-featured", "-published_at", "-id", *_FILTERED],
                name="product_featured_cover",
            ),
            # Shop pages: filter by shop, newest first.
            models.Index(fields=["shop", "status", "-published_at"], name="product_shop_pub"),
            # Category listings and every facet count: the trailing columns let PostgreSQL count
            # with index-only scans instead of visiting ~1 kB heap rows (key columns rather
            # than INCLUDE, which SQLite lacks).
            models.Index(
                fields=[
                    "category",
                    "status",
                    "shop",
                    "region",
                    "price",
                    "in_stock",
                    "made_to_order",
                    "material_bits",
                    "id",
                ],
                name="product_cat_facets",
            ),
            models.Index(fields=["status", "region"], name="product_status_region"),
            models.Index(fields=["status", "made_to_order"], name="product_status_mto"),
        ]

    def get_region_display(self) -> str:
        return region_name(self.region)

    def __str__(self):
        return self.title_en or self.title_fr or self.title_ar or self.slug

    @property
    def description(self) -> str:
        return localized(self, "description")[0]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.shop.status == Shop.Status.VERIFIED


class Variant(TimeStampedModel):
    """One buyable form of a product (size, colour) with its own SKU, price and stock."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Copied from the product so SKUs can be unique per shop in the database.
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64)
    options = models.JSONField(_("options"), default=dict, blank=True)
    price = models.DecimalField(_("price (MAD)"), max_digits=12, decimal_places=2)
    stock = models.IntegerField(_("stock"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "sku"], name="unique_sku_per_shop"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
        ]

    def __str__(self):
        return f"{self.sku}"

    @property
    def label(self) -> str:
        """Human label of the options: 'Large / Blue'."""
        return " / ".join(str(v) for v in self.options.values()) if self.options else ""


class ProductImage(models.Model):
    """A product photo: the cleaned original plus renditions (WebP + JPEG per size).

    The original stays on the private storage. The renditions are public media only while
    the product is published (`public`); before, and after it leaves the catalogue, they sit
    on the private storage and are served by `catalogue.views.photo` to the shop and staff.
    """

    RENDITIONS = {"thumb": 160, "small": 320, "card": 480, "large": 1200}

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    original = models.ImageField(
        _("original"), upload_to="products/originals/", storage=private_storage
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # {"card": {"webp": "products/r/...webp", "jpeg": "products/r/...jpg", "w": 480, "h": 360}}
    renditions = models.JSONField(default=dict, blank=True)
    # Where the rendition files are: public media (True) or the private storage (False).
    public = models.BooleanField(default=False)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.product_id}#{self.position}"

    @property
    def ready(self) -> bool:
        return bool(self.renditions)

    @property
    def rendition_storage(self):
        """Return the storage that holds this photo's renditions now."""
        return public_storage() if self.public else private_storage()

    def rendition_paths(self) -> list[str]:
        """Return the names of every rendition file."""
        return [
            path
            for info in self.renditions.values()
            for path in (info.get("webp"), info.get("jpeg"))
            if path
        ]

    def url(self, size: str = "card", fmt: str = "jpeg") -> str:
        """Return the URL of a rendition, or of the original while renditions are not ready."""
        from django.urls import reverse

        rendition = self.renditions.get(size)
        if rendition and rendition.get(fmt):
            if self.public:
                return public_storage().url(rendition[fmt])
            return reverse("photo", args=[self.pk, f"{size}.{fmt}"])
        if not self.pk or not self.original:
            return ""
        return reverse("photo", args=[self.pk, "original"])

    def srcset(self, fmt: str = "jpeg") -> str:
        """Return a srcset over every ready rendition."""
        parts = []
        for size, info in sorted(self.renditions.items(), key=lambda kv: kv[1].get("w", 0)):
            if info.get(fmt):
                parts.append(f"{self.url(size, fmt)} {info['w']}w")
        return ", ".join(parts)

    @cached_property
    def page_sources(self) -> dict[str, str]:
        """The product page's URLs of this photo: worked out once with the page's rows.

        Kept on the instance, so they travel in the product page's fragment
        (catalogue/fragments.py) instead of seven storage URL joins per photo per render.
        """
        return {"url": self.url(), "srcset": self.srcset(), "webp": self.srcset("webp")}

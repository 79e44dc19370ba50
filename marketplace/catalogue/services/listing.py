"""A seller's product writes: create, edit, variants, submit for review, duplicate.

Sellers never set staff fields (status, shop, commission, featured): only SELLER_FIELDS pass.
A published product whose text, details or photos change goes back to review and is hidden
until a moderator approves it again (see photos.py as well); price and stock changes do not.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from artisans.models import Shop
from marketplace.core.queueing import task_named

from ..errors import ListingError, ListingErrorCode
from ..hooks import variant_ordered
from ..models import Product, ProductImage, Variant
from .search import product_search_index_update
from .summary import product_refresh_summary

TEXT_FIELDS = [f"{f}_{lang}" for f in ("title", "description") for lang in ("ar", "fr", "en", "es")]
DETAIL_FIELDS = [
    "category_id",
    "maker_id",
    "technique",
    "region",
    "dimensions",
    "weight_grams",
    "made_to_order",
    "lead_time_days",
]
SELLER_FIELDS = set(TEXT_FIELDS) | set(DETAIL_FIELDS)
PHOTOS_MAX = 10
SELLABLE_SHOP = (Shop.Status.DRAFT, Shop.Status.PENDING, Shop.Status.VERIFIED)


def product_reindex(product_id: int) -> None:
    """Refresh the product's search entry."""
    product_search_index_update(product_id=product_id)


# Arabic letters in Latin, the way Moroccan place and craft names are usually written, so a
# piece titled only in Arabic gets an address of its own ("tajin-fakhar"), not its shop's.
_ARABIC_LATIN = str.maketrans({
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "ch", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "ou", "ي": "i", "ى": "a", "ئ": "i", "ؤ": "ou",
    "ء": "", "ڭ": "g", "ڤ": "v", "ـ": "",
})  # fmt: skip


def _unique_slug(text: str) -> str:
    text = "".join(c for c in text if not "\u064b" <= c <= "\u0652")  # without tashkeel
    base = (slugify(text.translate(_ARABIC_LATIN)) or "piece")[:140]
    slug, n = base, 1
    while Product.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_maker(shop: Shop, maker_id) -> None:
    if not maker_id:
        return
    from artisans.selectors import shop_makers

    if not shop_makers(shop).filter(pk=maker_id).exists():
        raise ListingError(ListingErrorCode.MAKER)


def _back_to_review(product: Product) -> bool:
    """Hide a published product again until a moderator reviews its change."""
    if product.status == Product.Status.PUBLISHED:
        product.status = Product.Status.PENDING_REVIEW
        product.status_reason = ""
        return True
    return False


def product_create(
    *, shop_id: int, actor, category_id: int, title_ar: str, materials=(), **fields
) -> Product:
    """Create a draft product for the shop (Arabic title required; staff fields ignored)."""
    if not (title_ar or "").strip():
        raise ListingError(ListingErrorCode.ARABIC_TITLE, fields={"title_ar": "required"})
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop_id)
        if shop.status not in SELLABLE_SHOP:
            raise ListingError(ListingErrorCode.SHOP_CLOSED)
        values = {k: v for k, v in fields.items() if k in SELLER_FIELDS}
        _check_maker(shop, values.get("maker_id"))
        if not values.get("maker_id") and shop.artisan_id:
            values["maker_id"] = shop.artisan_id
        values.setdefault("region", shop.region)
        product = Product.objects.create(
            shop=shop,
            category_id=category_id,
            title_ar=title_ar.strip(),
            slug=_unique_slug(values.get("title_fr") or values.get("title_en") or title_ar),
            status=Product.Status.DRAFT,
            **values,
        )
        if materials:
            product.materials.set(materials)
        transaction.on_commit(lambda: product_reindex(product.pk))
        return product


def product_update(*, product_id: int, actor, materials=None, **fields) -> Product:
    """Change a product's text and details; a published product goes back to review."""
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("shop").get(pk=product_id)
        if product.status == Product.Status.ARCHIVED:
            raise ListingError(ListingErrorCode.WRONG_STATUS, current=product.get_status_display())
        values = {k: v for k, v in fields.items() if k in SELLER_FIELDS}
        if "title_ar" in values and not (values["title_ar"] or "").strip():
            raise ListingError(ListingErrorCode.ARABIC_TITLE, fields={"title_ar": "required"})
        if "maker_id" in values:
            _check_maker(product.shop, values["maker_id"])
        changed = [k for k, v in values.items() if getattr(product, k) != v]
        for key in changed:
            setattr(product, key, values[key])
        materials_changed = False
        if materials is not None:
            new = {m.pk if hasattr(m, "pk") else int(m) for m in materials}
            old = set(product.materials.values_list("pk", flat=True))
            if new != old:
                product.materials.set(new)
                materials_changed = True
        if changed or materials_changed:
            _back_to_review(product)
            product.save()
            if "made_to_order" in changed:
                product_refresh_summary(product_id=product.pk)
            transaction.on_commit(lambda: product_reindex(product.pk))
        return product


def product_submit_for_review(*, product_id: int, actor) -> Product:
    """Send a complete draft or refused product to the moderators."""
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("shop").get(pk=product_id)
        if product.status not in (Product.Status.DRAFT, Product.Status.REJECTED):
            raise ListingError(ListingErrorCode.WRONG_STATUS, current=product.get_status_display())
        if product.shop.status not in SELLABLE_SHOP:
            raise ListingError(ListingErrorCode.SHOP_CLOSED)
        missing = product_missing(product)
        if missing:
            raise ListingError(ListingErrorCode.NOT_READY, missing=", ".join(missing))
        product.status = Product.Status.PENDING_REVIEW
        product.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: product_reindex(product.pk))
        return product


def product_missing(product: Product) -> list[str]:
    """Return what a product lacks before review, in words (empty when ready)."""
    # gettext by its own name: makemessages does not know an alias such as _g.
    from django.utils.translation import gettext

    missing = []
    if not product.title_ar.strip():
        missing.append(gettext("a title in Arabic"))
    if not product.description_ar.strip():
        missing.append(gettext("a description in Arabic"))
    if not product.images.exists():
        missing.append(gettext("at least one photo"))
    if not product.variants.filter(is_active=True).exists():
        missing.append(gettext("at least one variant with a price"))
    return missing


def product_archive(*, product_id: int, actor) -> Product:
    """Withdraw a product from sale (it stays in past orders)."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        product.status = Product.Status.ARCHIVED
        product.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: product_reindex(product.pk))
        return product


def product_duplicate(*, product_id: int, actor) -> Product:
    """Copy a product (text, details, variants, photos) into a new draft."""
    from django.core.files.base import ContentFile

    from ..images import generated_name

    with transaction.atomic():
        source = Product.objects.select_related("shop").get(pk=product_id)
        if source.shop.status not in SELLABLE_SHOP:
            raise ListingError(ListingErrorCode.SHOP_CLOSED)
        copy = Product.objects.create(
            shop=source.shop,
            category_id=source.category_id,
            slug=_unique_slug(f"{source.slug}-copy"),
            status=Product.Status.DRAFT,
            **{k: getattr(source, k) for k in SELLER_FIELDS if k != "category_id"},
        )
        copy.materials.set(source.materials.all())
        for variant in source.variants.all():
            Variant.objects.create(
                product=copy,
                shop=copy.shop,
                sku=_free_sku(copy.shop_id, f"{variant.sku}-C"),
                options=variant.options,
                price=variant.price,
                stock=variant.stock,
                position=variant.position,
                is_active=variant.is_active,
            )
        new_images = []
        for image in source.images.all():
            with image.original.open("rb") as fh:
                data = fh.read()
            ext = image.original.name.rsplit(".", 1)[-1]
            clone = ProductImage(
                product=copy,
                width=image.width,
                height=image.height,
                alt_text=image.alt_text,
                position=image.position,
            )
            clone.original.save(generated_name(ext), ContentFile(data), save=False)
            clone.save()
            new_images.append(clone.pk)
        product_refresh_summary(product_id=copy.pk)
        image_render = task_named("catalogue.image_render")
        for pk in new_images:
            transaction.on_commit(lambda pk=pk: image_render.delay(pk))
        transaction.on_commit(lambda: product_reindex(copy.pk))
        return copy


def _free_sku(shop_id: int, base: str) -> str:
    sku, n = base[:60], 1
    while Variant.objects.filter(shop_id=shop_id, sku=sku).exists():
        n += 1
        sku = f"{base[:56]}-{n}"
    return sku


def _clean_variant(price, stock) -> tuple[Decimal, int]:
    price = Decimal(price).quantize(Decimal("0.01"))
    if price <= 0:
        raise ListingError(ListingErrorCode.PRICE, fields={"price": "invalid"})
    if int(stock) < 0:
        raise ListingError(ListingErrorCode.STOCK, fields={"stock": "invalid"})
    return price, int(stock)


def variant_create(
    *, product_id: int, actor, options: dict, price, stock: int, sku: str = ""
) -> Variant:
    """Add a variant (options, price in MAD, stock) to a product."""
    price, stock = _clean_variant(price, stock)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        if product.status == Product.Status.ARCHIVED:
            raise ListingError(ListingErrorCode.WRONG_STATUS, current=product.get_status_display())
        sku = (sku or "").strip()
        if sku and Variant.objects.filter(shop_id=product.shop_id, sku=sku).exists():
            raise ListingError(ListingErrorCode.SKU_TAKEN, fields={"sku": "taken"})
        position = (product.variants.aggregate(m=Max("position"))["m"] or 0) + 1
        variant = Variant.objects.create(
            product=product,
            shop_id=product.shop_id,
            sku=sku or _free_sku(product.shop_id, f"P{product.pk}-{position}"),
            options={k: v for k, v in (options or {}).items() if v},
            price=price,
            stock=stock,
            position=position,
        )
        product_refresh_summary(product_id=product.pk)
        transaction.on_commit(lambda: product_reindex(product.pk))
        return variant


def variant_update(
    *, variant_id: int, actor, options: dict, price, stock: int, sku: str = ""
) -> Variant:
    """Change a variant's options, price and stock (no new review needed)."""
    price, stock = _clean_variant(price, stock)
    with transaction.atomic():
        variant = Variant.objects.select_for_update().get(pk=variant_id)
        sku = (sku or "").strip() or variant.sku
        if sku != variant.sku and Variant.objects.filter(shop_id=variant.shop_id, sku=sku).exists():
            raise ListingError(ListingErrorCode.SKU_TAKEN, fields={"sku": "taken"})
        variant.sku, variant.price, variant.stock = sku, price, stock
        variant.options = {k: v for k, v in (options or {}).items() if v}
        variant.save(update_fields=["sku", "price", "stock", "options", "updated_at"])
        product_refresh_summary(product_id=variant.product_id)
        transaction.on_commit(lambda: product_reindex(variant.product_id))
        return variant


def variant_delete(*, variant_id: int, actor) -> None:
    """Remove a variant; one already ordered is only switched off, so orders keep it."""
    with transaction.atomic():
        variant = Variant.objects.select_for_update().get(pk=variant_id)
        product_id = variant.product_id
        if variant_ordered(variant.pk):
            variant.is_active = False
            variant.save(update_fields=["is_active", "updated_at"])
        else:
            variant.delete()
        product_refresh_summary(product_id=product_id)
        transaction.on_commit(lambda: product_reindex(product_id))

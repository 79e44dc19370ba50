"""What the catalogue's cached pages depend on, and which writes stamp which dependency.

Dependencies (tags) the catalogue declares (see marketplace/caching):
- product:<id>    anything on the product's own page about it (text, variants, photos,
                  materials, reviews), but its stock;
- stock:<id>      its variants' stock: only the buy box hole ("only N left", quantity limit);
- card:<id>       what its card shows (title, slug, price, sold out / made to order, rating,
                  first photo);
- list:all, list:cat:<id> (the category and each ancestor), list:shop:<id>
                  a listing-visible fact of a piece in that scope changed: in or out of the
                  listing, in or out of stock, price, title, category, region, material,
                  made to order, rating band, featured, publication date;
- members:cat:<id>, members:shop:<id>
                  a piece entered or left the listing of that scope (the related pieces);
- search          the search text of a piece changed;
- listings        every listing at once (a shop suspended or reinstated);
- shop:<id>, makers
                  a shop's own fields; any artisan, cooperative or membership.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

from marketplace import caching

from .hooks import restocked_on_commit
from .models import Category, Material, Product, ProductImage, Variant

CARD_FIELDS = (
    "title_ar", "title_fr", "title_en", "title_es", "slug", "price", "in_stock",
    "made_to_order", "rating_avg", "rating_count", "shop_id",
)  # fmt: skip
LISTING_FIELDS = (
    "status", "category_id", "shop_id", "region", "price", "in_stock", "made_to_order",
    "material_bits", "title_ar", "title_fr", "title_en", "title_es", "featured",
    "published_at",
)  # fmt: skip
MEMBERSHIP_FIELDS = ("status", "category_id", "shop_id", "featured", "published_at")
FACTS = tuple(dict.fromkeys((*CARD_FIELDS, *LISTING_FIELDS, "pk")))


def rating_band(avg) -> Decimal:
    """Return the half-star band of an average rating: what a listing's order shows of it."""
    return (Decimal(avg or 0) * 2).to_integral_value(rounding="ROUND_FLOOR") / 2


def _chain(category_id: int | None) -> list[int]:
    """Return the category and its ancestors (a category page lists its sub-categories too)."""
    out = []
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    while category_id is not None and category_id not in out:
        out.append(category_id)
        category_id = parents.get(category_id)
    return out


def scope_tags(prefix: str, row: dict) -> set[str]:
    """Return `prefix`:all, :cat:<each ancestor>, :shop:<id> for a product's row."""
    tags = {f"{prefix}:all", f"{prefix}:shop:{row['shop_id']}"}
    tags.update(f"{prefix}:cat:{pk}" for pk in _chain(row["category_id"]))
    return tags


def product_change_tags(pk: int, old: dict | None, new: dict | None) -> set[str]:
    """Return what a change of a product's row from `old` to `new` (None: absent) stamps."""
    tags = {f"product:{pk}"}
    rows = [r for r in (old, new) if r is not None]

    def changed(fields) -> bool:
        if old is None or new is None:
            return True
        return any(old.get(f) != new.get(f) for f in fields)

    if changed(CARD_FIELDS):
        tags.add(f"card:{pk}")
    listing = changed(LISTING_FIELDS) or (
        old is not None
        and new is not None
        and (
            rating_band(old.get("rating_avg")) != rating_band(new.get("rating_avg"))
            or bool(old.get("rating_count")) != bool(new.get("rating_count"))
        )
    )
    if listing:
        for row in rows:
            tags |= scope_tags("list", row)
    if changed(MEMBERSHIP_FIELDS):
        for row in rows:
            tags |= scope_tags("members", row)
    return tags


def _facts(ids: Iterable[int]) -> dict[int, dict]:
    return {row["pk"]: row for row in Product.objects.filter(pk__in=list(ids)).values(*FACTS)}


@contextlib.contextmanager
def products_changing(ids: Iterable[int], *, extra: Iterable[str] = ()) -> Iterator[None]:
    """Declare an update of these products' rows: what it changed is stamped after commit."""
    ids = list(ids)
    with caching.changing("catalogue_product") as change:
        before = _facts(ids)
        yield
        after = _facts(ids)
        for pk in ids:
            change.touch(*product_change_tags(pk, before.get(pk), after.get(pk)))
        change.touch(*extra)


@contextlib.contextmanager
def stock_changing(variants: dict[int, tuple[int, int, int]]) -> Iterator[None]:
    """Declare a stock update: `variants` maps a variant's id to (product id, before, after).

    Only the products' stock is stamped (their page's buy box), and their page when a
    variant's stock reaches or leaves zero (its "sold out" label); the product's summary (in
    stock, for listings and cards) is refreshed by product_refresh_summary, which declares its
    own change.
    """
    with caching.changing("catalogue_variant") as change:
        yield
        for product_id, before, after in variants.values():
            change.touch(f"stock:{product_id}")
            if (before > 0) != (after > 0):
                change.touch(f"product:{product_id}")
    restocked_on_commit(pk for pk, (_p, before, after) in variants.items() if before <= 0 < after)


# --- Model saves and deletes --------------------------------------------------------------------


def _product_before(instance):
    return _facts([instance.pk]).get(instance.pk)


def _product_tags(instance, old, deleted):
    new = None if deleted else {f: getattr(instance, "pk" if f == "pk" else f) for f in FACTS}
    tags = product_change_tags(instance.pk, old, new)
    if (
        old is None
        or deleted
        or any(
            getattr(instance, f) != old.get(f)
            for f in ("title_ar", "title_fr", "title_en", "title_es")
        )
    ):
        tags.add("search")
    return tags


def _variant_before(instance):
    return (
        Variant.objects.filter(pk=instance.pk)
        .values("stock", "price", "is_active", "options", "sku")
        .first()
    )


def _variant_tags(instance, old, deleted):
    pid = instance.product_id
    same = old is not None and not deleted
    if same and all(
        getattr(instance, f) == old[f] for f in ("price", "is_active", "options", "sku")
    ):
        # Only the stock moved: the buy box, and the page where it reaches or leaves zero.
        tags = {f"stock:{pid}"}
        if (old["stock"] > 0) != (instance.stock > 0):
            tags.add(f"product:{pid}")
        if old["stock"] <= 0 < instance.stock:
            restocked_on_commit([instance.pk])
        return tags
    if same and old["stock"] <= 0 < instance.stock:
        restocked_on_commit([instance.pk])
    return {f"stock:{pid}", f"product:{pid}"}


def _image_tags(instance, old, deleted):
    return {f"product:{instance.product_id}", f"card:{instance.product_id}"}


def _everything(instance, old, deleted):
    return {caching.deps.EVERYTHING}


def _materials_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("pre_"):  # the M2M rows and the bits (signals.py) are declared there
        caching.deps._pending(kwargs.get("using")).covered.update(
            {"catalogue_product_materials", "catalogue_product"}
        )


def connect() -> None:
    """Register the catalogue's models with the caching package (CatalogueConfig.ready)."""
    from django.db.models.signals import m2m_changed

    caching.register(Product, _product_tags, before=_product_before)
    caching.register(Variant, _variant_tags, before=_variant_before)
    caching.register(ProductImage, _image_tags)
    caching.register(Category, _everything)
    caching.register(Material, _everything)
    m2m_changed.connect(
        _materials_changed,
        sender=Product.materials.through,
        dispatch_uid="caching:product-materials",
    )

"""Reads for the public pages: the home page, products, shops, artisans, the sitemap."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from artisans.models import Artisan, Membership, Shop
from artisans.selectors import shop_managed_by

from ..models import Product, Variant
from .cards import NOT_SHOWN, ProductPage, product_cards, product_images, products_public


def home_featured(limit: int = 12) -> ProductPage:
    """Return featured products for the home page, newest first, then the newest others.

    Read lazily (ProductPage): the ids first, the card rows only for cards not cached.
    """

    def ids() -> list[int]:
        newest = ("-published_at", "-pk")
        featured = list(
            products_public()
            .filter(featured=True)
            .order_by(*newest)
            .values_list("pk", flat=True)[:limit]
        )
        if len(featured) < limit:
            featured += (
                products_public()
                .exclude(pk__in=featured)
                .order_by(*newest)
                .values_list("pk", flat=True)[: limit - len(featured)]
            )
        return featured

    return ProductPage(ids)


def user_manages_shop(user, shop: Shop) -> bool:
    """Whether a user is the shop's artisan or a manager of its cooperative."""
    return shop_managed_by(shop=shop, user=user)


def can_preview(user, shop: Shop) -> bool:
    """Staff and the shop's own people may see what the public may not."""
    return bool(getattr(user, "is_staff", False)) or user_manages_shop(user, shop)


def product_for_page(*, slug: str, user) -> Product | None:
    """Return the product for its page, or None when this visitor may not see it."""
    product = (
        Product.objects.select_related(
            "shop__artisan", "shop__cooperative", "category__parent", "maker"
        )
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
            product_images(),
            "materials",
        )
        .defer(*NOT_SHOWN)
        .filter(slug=slug)
        .first()
    )
    if product is None:
        return None
    if product.is_public or can_preview(user, product.shop):
        return product
    return None


def product_related(*, product: Product, limit: int = 4) -> ProductPage:
    """Return other public pieces from the same category, then the same shop.

    Read lazily (ProductPage): their ids, then card rows only for cards not cached.
    """
    return ProductPage(
        lambda: product_related_ids(
            product_id=product.pk,
            category_id=product.category_id,
            shop_id=product.shop_id,
            limit=limit,
        )
    )


def product_related_ids(*, product_id: int, category_id: int, shop_id: int, limit: int = 4):
    """Return the ids of other public pieces from the same category, then the same shop."""
    return list(
        products_public()
        .filter(Q(category_id=category_id) | Q(shop_id=shop_id))
        .exclude(pk=product_id)
        .order_by("-featured", "-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def shop_for_page(*, slug: str, user) -> Shop | None:
    """Return a shop for its public page, or None when this visitor may not see it."""
    shop = Shop.objects.select_related("artisan", "cooperative").filter(slug=slug).first()
    if shop is None:
        return None
    if shop.status == Shop.Status.VERIFIED or can_preview(user, shop):
        return shop
    return None


def cooperative_members(*, cooperative_id: int) -> list[Membership]:
    """Return a cooperative's members, managers first."""
    return list(
        Membership.objects.filter(cooperative_id=cooperative_id)
        .select_related("artisan")
        .order_by("role", "artisan__name")
    )


def artisan_for_page(*, slug: str) -> Artisan | None:
    """Return an artisan whose work is on sale in a verified shop (own or cooperative)."""
    return (
        Artisan.objects.filter(slug=slug)
        .filter(
            Q(shop__status=Shop.Status.VERIFIED)
            | Q(cooperatives__shop__status=Shop.Status.VERIFIED)
        )
        .select_related("shop")
        .first()
    )


def artisan_cooperatives(*, artisan: Artisan) -> list[Membership]:
    """Return the artisan's memberships in cooperatives that sell."""
    return list(
        Membership.objects.filter(
            artisan=artisan, cooperative__shop__status=Shop.Status.VERIFIED
        ).select_related("cooperative__shop")
    )


def artisan_products(*, artisan: Artisan, limit: int = 24) -> list[Product]:
    """Return public pieces this artisan made, or sold in their own shop."""
    qs = products_public().filter(Q(maker=artisan) | Q(shop__artisan=artisan))
    return list(product_cards(qs.order_by("-published_at", "-pk"))[:limit])


def sitemap_products() -> QuerySet[Product]:
    """Return public products for the sitemap."""
    return products_public().only("slug", "updated_at").order_by("pk")


def sitemap_shops() -> QuerySet[Shop]:
    """Return verified shops for the sitemap."""
    return (
        Shop.objects.filter(status=Shop.Status.VERIFIED).only("slug", "updated_at").order_by("pk")
    )

"""Reads for the catalogue: what the public may see, and what the home page shows."""

from django.db.models import Prefetch, QuerySet

from artisans.models import Shop

from .models import Category, Product, ProductImage


def products_public() -> QuerySet[Product]:
    """Return published products of verified shops: the only ones the public may see."""
    return Product.objects.filter(
        status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED
    )


def product_cards(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Add what a product card shows (shop, first images) without N+1 queries."""
    return qs.select_related("shop", "category").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
    )


def categories_top() -> QuerySet[Category]:
    """Return the top-level categories in display order."""
    return Category.objects.filter(parent__isnull=True).order_by("position", "slug")


def home_featured(limit: int = 12) -> list[Product]:
    """Return featured products for the home page, newest first."""
    qs = products_public().filter(featured=True).order_by("-published_at", "-pk")
    featured = list(product_cards(qs)[:limit])
    if len(featured) < limit:
        more = products_public().exclude(pk__in=[p.pk for p in featured])
        featured += list(
            product_cards(more.order_by("-published_at", "-pk"))[: limit - len(featured)]
        )
    return featured

"""The access check every seller API shares: the caller's shop, its role, its own products.

Every object is looked up inside the caller's shop, so another shop's object is a 404; the
caller's role must allow the action (products, orders, payout), else 404 as well.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from rest_framework import permissions
from rest_framework.exceptions import NotFound

from artisans import selectors as artisans_selectors
from artisans.models import Shop
from marketplace.catalogue.models import Product, ProductImage, Variant
from marketplace.core.money import Money


def _mad(amount) -> dict:
    return Money(Decimal(amount or 0), "MAD").as_dict()


class IsSeller(permissions.BasePermission):
    """Signed-in users who act for a shop (own shop, or a cooperative's)."""

    message = "Only sellers may do this."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return artisans_selectors.seller_access(user) is not None


def seller_shop(request, permission: str) -> Shop:
    """Return the caller's shop when their role allows `permission` (404 otherwise)."""
    access = artisans_selectors.seller_access(request.user)
    if access is None or not access.can(permission):
        raise NotFound("Not found.")
    return access.shop


def own_product(request, product_id: int, *, lock_shop: Shop | None = None) -> Product:
    """Return a product of the caller's shop (404 for any other)."""
    shop = lock_shop or seller_shop(request, "products")
    product = (
        Product.objects.filter(pk=product_id, shop=shop)
        .select_related("shop", "category__parent", "maker", "customs")
        .prefetch_related(
            "materials",
            Prefetch("variants", Variant.objects.order_by("position", "pk")),
            Prefetch("images", ProductImage.objects.order_by("position", "pk")),
        )
        .first()
    )
    if product is None:
        raise NotFound("No such product.")
    return product

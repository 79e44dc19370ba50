"""Reads for reviews: what product and shop pages show, and what a buyer may still review."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from marketplace.orders.models import OrderLine
from marketplace.orders.status import ShopOrderStatus

from .models import Review


def review_window() -> timedelta:
    """How long after delivery a buyer may review (setting REVIEW_WINDOW, 90 days by default)."""
    return getattr(settings, "REVIEW_WINDOW", timedelta(days=90))


def reviews_visible() -> QuerySet[Review]:
    return Review.objects.filter(status=Review.Status.VISIBLE)


def product_reviews(*, product_id: int, limit: int = 10) -> list[Review]:
    """The latest visible reviews of a product (one query)."""
    return list(
        reviews_visible().filter(product_id=product_id).order_by("-created_at", "-pk")[:limit]
    )


def shop_reviews(*, shop_id: int, limit: int = 6) -> dict:
    """A shop's rating summary and its latest visible reviews (two queries)."""
    qs = reviews_visible().filter(shop_id=shop_id)
    summary = qs.aggregate(avg=Avg("rating"), count=Count("pk"))
    latest = (
        list(qs.select_related("product").order_by("-created_at", "-pk")[:limit])
        if summary["count"]
        else []
    )
    return {"avg": summary["avg"] or 0, "count": summary["count"], "reviews": latest}


def lines_to_review(*, buyer, now=None) -> list[OrderLine]:
    """The buyer's delivered order lines still open for a review, newest delivery first."""
    now = now or timezone.now()
    return list(
        OrderLine.objects.filter(
            shop_order__order__buyer=buyer,
            shop_order__status=ShopOrderStatus.DELIVERED,
            shop_order__delivered_at__gte=now - review_window(),
            review__isnull=True,
        )
        .select_related("shop_order__shop", "shop_order__order", "product")
        .order_by("-shop_order__delivered_at", "pk")
    )


def buyer_reviews(*, buyer) -> QuerySet[Review]:
    """Reviews the buyer wrote."""
    return (
        Review.objects.filter(buyer=buyer).select_related("product", "shop").order_by("-created_at")
    )

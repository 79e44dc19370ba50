"""Reads for the seller screens: the shop's orders, products, dashboard figures and money.

They sit above the catalogue, orders and payments, so they live here rather than in artisans,
which only knows shops, makers and who acts for which shop.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from artisans.models import Shop
from marketplace.catalogue.models import Product, ProductImage, Variant
from marketplace.orders.models import OrderLine, ShopOrder
from payments.selectors import shop_balance, shop_payouts

SOLD = ["paid", "accepted", "shipped", "delivered"]


def shop_orders(shop: Shop) -> QuerySet:
    """Return the shop's orders, new (paid) first, then in progress, then the rest; newest first."""
    rank = Case(
        When(status="paid", then=Value(0)),
        When(status="accepted", then=Value(1)),
        When(status="shipped", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        ShopOrder.objects.filter(shop=shop)
        .exclude(status="pending_payment")
        # A commissioned piece's deposit never ships by itself: it is followed on the
        # commission's page (marketplace/conversations), not handled as an order.
        .exclude(order__kind="deposit")
        .select_related("order")
        .annotate(rank=rank, pieces=Sum("lines__quantity"))
        .order_by("rank", "-created_at", "-pk")
    )


def shop_order_for_seller(shop: Shop, number: str):
    """Return this shop's part of order `number` (404 for any other shop's)."""
    shop_order = (
        ShopOrder.objects.filter(shop=shop, order__number=number)
        .exclude(status="pending_payment")
        .exclude(order__kind="deposit")
        .select_related("order")
        .prefetch_related("lines", "events")
        .first()
    )
    if shop_order is None:
        raise Http404
    return shop_order


def shop_dashboard(shop: Shop, *, now=None, low_stock: int = 2) -> dict:
    """Return the dashboard figures: 30-day sales, best sellers, low stock, rating, reviews."""
    now = now or timezone.now()
    since = now - timedelta(days=30)
    recent = ShopOrder.objects.filter(shop=shop, status__in=SOLD, created_at__gte=since)
    sales = recent.aggregate(total=Sum("subtotal_mad"), orders=Count("pk"))
    best = (
        OrderLine.objects.filter(
            shop_order__shop=shop, shop_order__status__in=SOLD, shop_order__created_at__gte=since
        )
        .values("product_id")
        .annotate(pieces=Sum("quantity"), revenue=Sum("line_total_mad"), title=Max("title"))
        .order_by("-pieces", "-revenue")[:5]
    )
    # Each line keeps the title in the buyer's language: name the piece in the seller's.
    best = list(best)
    titles = {p.pk: p.title for p in Product.objects.filter(pk__in=[b["product_id"] for b in best])}
    for row in best:
        row["title"] = titles.get(row["product_id"], row["title"])
    low = (
        Variant.objects.filter(
            shop=shop,
            is_active=True,
            stock__lte=low_stock,
            product__made_to_order=False,
            product__status__in=[Product.Status.PUBLISHED, Product.Status.PENDING_REVIEW],
        )
        .select_related("product")
        .order_by("stock", "pk")[:10]
    )
    rated = Product.objects.filter(shop=shop, rating_count__gt=0).aggregate(
        weighted=Sum(F("rating_avg") * F("rating_count")), count=Sum("rating_count")
    )
    rating = None
    if rated["count"]:
        rating = (Decimal(rated["weighted"]) / rated["count"]).quantize(Decimal("0.1"))
    attention = Product.objects.filter(
        shop=shop, status__in=[Product.Status.PENDING_REVIEW, Product.Status.REJECTED]
    ).order_by("status", "-updated_at")
    return {
        "sales_30d": sales["total"] or Decimal("0.00"),
        "orders_30d": sales["orders"] or 0,
        "new_orders": ShopOrder.objects.filter(shop=shop, status="paid")
        .exclude(order__kind="deposit")
        .count(),
        "best_sellers": list(best),
        "low_stock": list(low),
        "rating": rating,
        "rating_count": rated["count"] or 0,
        "attention": list(attention),
        "counts": dict(
            Product.objects.filter(shop=shop)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        ),
    }


def shop_money(shop: Shop) -> dict:
    """Return the shop's balance and its latest payouts (from payments)."""
    return {
        "balance": shop_balance(shop_id=shop.pk),
        "payouts": list(shop_payouts(shop_id=shop.pk)[:5]),
    }


def seller_products(shop: Shop, *, status: str = "") -> QuerySet:
    """Return the shop's products for the seller's list, newest changes first."""
    qs = Product.objects.filter(shop=shop)
    if status:
        qs = qs.filter(status=status)
    return (
        (qs.exclude(status=Product.Status.ARCHIVED) if not status else qs)
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )
        .annotate(
            stock_total=Sum("variants__stock", filter=Q(variants__is_active=True)),
        )
        .order_by("-updated_at", "-pk")
    )

"""Reads for sellers: who acts for which shop and with what role, and the dashboard figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from .models import CooperativeInvite, Membership, Shop

# What each role may do; anything else is answered with a 404 like a stranger's object.
OWNER = "owner"  # an individual artisan's own shop
MANAGER = Membership.Role.MANAGER
MEMBER = Membership.Role.MEMBER
PERMISSIONS = {
    OWNER: {"dashboard", "application", "settings", "payout", "products", "orders"},
    MANAGER: {"dashboard", "application", "settings", "payout", "products", "orders", "members"},
    MEMBER: {"dashboard", "products"},
}


@dataclass(frozen=True, slots=True)
class SellerAccess:
    """The shop a user acts for and the role they hold there."""

    shop: Shop
    role: str
    artisan_id: int | None

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, set())


def seller_access(user) -> SellerAccess | None:
    """Return the user's shop and role (own shop first, then a cooperative), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    artisan = getattr(user, "artisan", None)
    if artisan is None:
        return None
    own = Shop.objects.filter(artisan=artisan).first()
    if own is not None:
        return SellerAccess(shop=own, role=OWNER, artisan_id=artisan.pk)
    membership = (
        Membership.objects.filter(artisan=artisan, cooperative__shop__isnull=False)
        .select_related("cooperative__shop")
        .order_by("role", "pk")  # "manager" sorts before "member"
        .first()
    )
    if membership is None:
        return None
    return SellerAccess(
        shop=membership.cooperative.shop, role=membership.role, artisan_id=artisan.pk
    )


def seller_access_or_404(user, permission: str) -> SellerAccess:
    """Return the user's access when their role allows `permission`; 404 otherwise."""
    access = seller_access(user)
    if access is None or not access.can(permission):
        raise Http404
    return access


def shop_makers(shop: Shop) -> QuerySet:
    """Return the artisans who may be named as a product's maker for this shop."""
    from .models import Artisan

    if shop.cooperative_id:
        return Artisan.objects.filter(memberships__cooperative_id=shop.cooperative_id).order_by(
            "name"
        )
    return Artisan.objects.filter(pk=shop.artisan_id)


def cooperative_members(shop: Shop) -> QuerySet[Membership]:
    """Return a cooperative shop's memberships, managers first."""
    return (
        Membership.objects.filter(cooperative_id=shop.cooperative_id)
        .select_related("artisan", "artisan__user")
        .order_by("role", "artisan__name")
    )


def cooperative_open_invites(shop: Shop) -> QuerySet[CooperativeInvite]:
    """Return invitations not yet accepted or cancelled."""
    return CooperativeInvite.objects.filter(
        cooperative_id=shop.cooperative_id, accepted_at__isnull=True, cancelled_at__isnull=True
    )


def application_missing(shop: Shop) -> list[str]:
    """Return what the application still lacks, in words (empty when complete)."""
    from django.utils.translation import gettext as _

    from .rib import rib_is_valid

    missing = []
    owner = shop.owner
    if shop.is_cooperative:
        if not owner.registration_number:
            missing.append(_("the cooperative's registration number"))
    elif not owner.registry_number:
        missing.append(_("your national artisan register number"))
    if not shop.story.strip():
        missing.append(_("your story"))
    if not shop.documents.exists():
        missing.append(_("at least one supporting document"))
    if not (shop.payout_holder and rib_is_valid(shop.payout_rib)):
        missing.append(_("bank details (RIB)"))
    return missing


SOLD = ["paid", "accepted", "shipped", "delivered"]


def shop_orders(shop: Shop) -> QuerySet:
    """Return the shop's orders, new (paid) first, then in progress, then the rest; newest first."""
    from django.db.models import Case, IntegerField, Value, When

    from marketplace.orders.models import ShopOrder

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
        .select_related("order")
        .annotate(rank=rank, pieces=Sum("lines__quantity"))
        .order_by("rank", "-created_at", "-pk")
    )


def shop_order_for_seller(shop: Shop, number: str):
    """Return this shop's part of order `number` (404 for any other shop's)."""
    from marketplace.orders.models import ShopOrder

    shop_order = (
        ShopOrder.objects.filter(shop=shop, order__number=number)
        .exclude(status="pending_payment")
        .select_related("order")
        .prefetch_related("lines", "events")
        .first()
    )
    if shop_order is None:
        raise Http404
    return shop_order


def shop_dashboard(shop: Shop, *, now=None, low_stock: int = 2) -> dict:
    """Return the dashboard figures: 30-day sales, best sellers, low stock, rating, reviews."""
    from marketplace.catalogue.models import Product, Variant
    from marketplace.orders.models import OrderLine, ShopOrder

    now = now or timezone.now()
    since = now - timedelta(days=30)
    recent = ShopOrder.objects.filter(shop=shop, status__in=SOLD, created_at__gte=since)
    sales = recent.aggregate(total=Sum("subtotal_mad"), orders=Count("pk"))
    best = (
        OrderLine.objects.filter(
            shop_order__shop=shop, shop_order__status__in=SOLD, shop_order__created_at__gte=since
        )
        .values("product_id", "title")
        .annotate(pieces=Sum("quantity"), revenue=Sum("line_total_mad"))
        .order_by("-pieces", "-revenue")[:5]
    )
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
        "new_orders": ShopOrder.objects.filter(shop=shop, status="paid").count(),
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
    from payments.selectors import shop_balance, shop_payouts

    return {
        "balance": shop_balance(shop_id=shop.pk),
        "payouts": list(shop_payouts(shop_id=shop.pk)[:5]),
    }


def seller_products(shop: Shop, *, status: str = "") -> QuerySet:
    """Return the shop's products for the seller's list, newest changes first."""
    from django.db.models import Prefetch

    from marketplace.catalogue.models import Product, ProductImage

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

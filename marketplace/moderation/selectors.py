"""Reads for moderation: who runs a shop, the queues, an item's history, the audit log."""

from __future__ import annotations

from datetime import datetime, time

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from artisans.models import Shop
from artisans.selectors import shop_contacts as shop_reachable_contacts
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.orders.status import ShopOrderStatus
from marketplace.provenance import selectors as provenance_selectors

from .models import AuditEntry, Flag


def shop_contacts(*, shop: Shop) -> list[User]:
    """Return the accounts that run a shop and can receive its e-mails (artisans' selector)."""
    return shop_reachable_contacts(shop)


# --- queues ------------------------------------------------------------------------------------
def shops_pending() -> QuerySet[Shop]:
    """Shops waiting for verification, oldest application first."""
    return (
        Shop.objects.filter(status=Shop.Status.PENDING)
        .select_related("artisan", "cooperative")
        .order_by("updated_at", "pk")
    )


def products_pending() -> QuerySet[Product]:
    """Products waiting for review, oldest first, with what a queue row shows."""
    return (
        Product.objects.filter(status=Product.Status.PENDING_REVIEW)
        .select_related("shop", "category")
        .prefetch_related("images")
        .order_by("updated_at", "pk")
    )


def flags_open_grouped() -> list[dict]:
    """Open reports gathered per reported item, the most reported first."""
    rows = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .values("product_id", "shop_id", "review_id", "message_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "product_id", "shop_id", "review_id", "message_id")
    )
    return list(rows)


def reviews_to_check() -> QuerySet:
    """Visible reviews no moderator has read yet (reported ones first, then low ratings)."""
    Review = apps.get_model("reviews", "Review")
    return (
        Review.objects.filter(status=Review.Status.VISIBLE, checked_at__isnull=True)
        .select_related("shop", "product")
        .annotate(open_flags=Count("flags", filter=Q(flags__status=Flag.Status.OPEN)))
        .order_by("-open_flags", "rating", "created_at")
    )


def queue_counts() -> dict[str, int]:
    """How many items wait in each moderator queue."""
    return {
        "shops": Shop.objects.filter(status=Shop.Status.PENDING).count(),
        "products": Product.objects.filter(status=Product.Status.PENDING_REVIEW).count(),
        "reports": len(flags_open_grouped()),
        "reviews": reviews_to_check().count(),
        "labels": provenance_selectors.claims_pending().count()
        + provenance_selectors.payments_disputed().count(),
    }


def shop_trail(shop_id: int) -> list[dict]:
    """Return a shop's moderation decisions as certificates show them (provenance hook)."""
    entries = AuditEntry.objects.filter(
        object_type="artisans.shop",
        object_id=str(shop_id),
        action__in=["shop.verify", "shop.suspend", "shop.reinstate"],
    ).order_by("created_at", "pk")
    return [
        {"action": entry.action, "on": timezone.localtime(entry.created_at).date().isoformat()}
        for entry in entries
    ]


# --- an item's context -------------------------------------------------------------------------
def shop_documents(*, shop: Shop) -> list:
    """Return the shop's verification documents, if the sellers' ShopDocument model exists."""
    try:
        ShopDocument = apps.get_model("artisans", "ShopDocument")
    except LookupError:
        return []
    return list(ShopDocument.objects.filter(shop=shop).order_by("pk"))


def shop_history(*, shop: Shop) -> dict:
    """What a moderator needs to judge a seller: products, orders, reports, past decisions."""
    Review = apps.get_model("reviews", "Review")
    products = dict(Product.objects.filter(shop=shop).values_list("status").annotate(n=Count("pk")))
    orders = dict(shop.shop_orders.values_list("status").annotate(n=Count("pk")))
    reviews = Review.objects.filter(shop=shop, status=Review.Status.VISIBLE)
    return {
        "products": products,
        "products_total": sum(products.values()),
        "orders_delivered": orders.get(ShopOrderStatus.DELIVERED, 0),
        "orders_cancelled": orders.get(ShopOrderStatus.CANCELLED, 0)
        + orders.get(ShopOrderStatus.REFUNDED, 0),
        "reviews": reviews.count(),
        "reviews_good": reviews.filter(rating__gte=4).count(),
        "reports_open": Flag.objects.filter(status=Flag.Status.OPEN)
        .filter(Q(shop=shop) | Q(product__shop=shop) | Q(review__shop=shop))
        .count(),
        "reports_total": Flag.objects.filter(
            Q(shop=shop) | Q(product__shop=shop) | Q(review__shop=shop)
        ).count(),
        "decisions": audit_for_objects(
            [("artisans.shop", shop.pk)]
            + [("catalogue.product", pk) for pk in shop.products.values_list("pk", flat=True)]
        )[:20],
    }


def audit_for_objects(pairs: list[tuple[str, int]]) -> QuerySet[AuditEntry]:
    """Audit entries about any of these (object type, id) pairs, newest first."""
    query = Q(pk__in=[])
    by_type: dict[str, list[str]] = {}
    for object_type, pk in pairs:
        by_type.setdefault(object_type, []).append(str(pk))
    for object_type, ids in by_type.items():
        query |= Q(object_type=object_type, object_id__in=ids)
    return AuditEntry.objects.filter(query).select_related("actor")


def flags_for(*, kind: str, pk: int) -> QuerySet[Flag]:
    """Every report about one item, open first, newest first."""
    return (
        Flag.objects.filter(**{f"{kind}_id": pk})
        .select_related("reporter", "resolved_by")
        .order_by("-status", "-created_at")
    )


# --- audit log ---------------------------------------------------------------------------------
def audit_search(
    *,
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    action: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEntry]:
    """Filter the audit log by object, actor (e-mail), action and date range (inclusive)."""
    qs = AuditEntry.objects.select_related("actor")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id).strip())
    if actor:
        qs = qs.filter(actor__email__icontains=actor.strip())
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(
            created_at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz)
        )
    if date_to:
        qs = qs.filter(created_at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz))
    return qs


def audit_object_types() -> list[str]:
    """The kinds of objects the audit log mentions, for the filter."""
    return list(
        AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def audit_actions() -> list[str]:
    """The actions the audit log mentions, for the filter."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def shop_verify_missing(*, shop: Shop) -> list[str]:
    """Return what a shop lacks before it can be verified: a document, a payout account."""
    from django.utils.translation import gettext

    from artisans.rib import rib_is_valid

    missing = []
    if not shop_documents(shop=shop):
        missing.append(gettext("no supporting document"))
    if not (shop.payout_holder and rib_is_valid(shop.payout_rib)):
        missing.append(gettext("no payout account (RIB)"))
    return missing

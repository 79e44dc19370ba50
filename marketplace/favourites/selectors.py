"""Reads of favourites, follows and alerts: a buyer's lists, a visitor's hearts, a shop's counts."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, QuerySet

from marketplace.catalogue.models import Product
from marketplace.catalogue.selectors import product_cards, products_public
from marketplace.core.localized import localized

from .models import Favourite, Follow, StockAlert
from .session import session_products, session_shops

PERSONAL_LIMIT = 500


def favourite_products(*, user=None, session=None) -> list[Product]:
    """Return the public pieces a buyer (or a session) loves, newest first, ready for cards."""
    if user is not None and user.is_authenticated:
        ids = list(Favourite.objects.filter(user=user).values_list("product_id", flat=True)[:1000])
    else:
        ids = session_products(session) if session is not None else []
    found = {p.pk: p for p in product_cards(products_public().filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def followed_shops(*, user=None, session=None) -> list:
    """Return the shops followed (Follow rows for a buyer; shops for a session)."""
    from artisans.models import Shop

    if user is not None and user.is_authenticated:
        return list(
            Follow.objects.filter(user=user, shop__status=Shop.Status.VERIFIED).select_related(
                "shop"
            )
        )
    ids = session_shops(session) if session is not None else []
    shops = {s.pk: s for s in Shop.objects.filter(pk__in=ids, status=Shop.Status.VERIFIED)}
    return [Follow(shop=shops[pk], digest=False) for pk in ids if pk in shops]


def stock_alerts_of(user) -> QuerySet[StockAlert]:
    """Return a buyer's waiting back-in-stock alerts, with their piece."""
    return (
        StockAlert.objects.filter(user=user, notified_at__isnull=True)
        .select_related("variant__product__shop")
        .order_by("-created_at")
    )


def personal_state(request) -> dict:
    """Return this visitor's hearts, follows and alerts (ids) for /_personal/: never shared."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {
            "products": list(
                Favourite.objects.filter(user=user).values_list("product_id", flat=True)[
                    :PERSONAL_LIMIT
                ]
            ),
            "shops": list(
                Follow.objects.filter(user=user).values_list("shop_id", flat=True)[:PERSONAL_LIMIT]
            ),
            "alerts": list(
                StockAlert.objects.filter(user=user, notified_at__isnull=True).values_list(
                    "variant_id", flat=True
                )[:PERSONAL_LIMIT]
            ),
            "signed_in": True,
        }
    session = getattr(request, "session", None)
    has_session = session is not None and session.session_key is not None
    return {
        "products": session_products(session) if has_session else [],
        "shops": session_shops(session) if has_session else [],
        "alerts": [],
        "signed_in": False,
    }


def follower_count(*, shop_id: int) -> int:
    """Return how many buyers follow a shop (for its own dashboard only)."""
    return Follow.objects.filter(shop_id=shop_id).count()


def account_data(user) -> dict:
    """Return everything this app keeps about a buyer, for the account's data export."""
    return {
        "favourites": [
            {"product": f.product.slug, "saved_at": f.created_at.isoformat()}
            for f in Favourite.objects.filter(user=user).select_related("product")
        ],
        "follows": [
            {
                "shop": f.shop.slug,
                "weekly_email": f.digest,
                "followed_at": f.created_at.isoformat(),
            }
            for f in Follow.objects.filter(user=user).select_related("shop")
        ],
        "stock_alerts": [
            {
                "sku": a.variant.sku,
                "product": a.variant.product.slug,
                "asked_at": a.created_at.isoformat(),
                "told_at": a.notified_at.isoformat() if a.notified_at else None,
            }
            for a in StockAlert.objects.filter(user=user).select_related("variant__product")
        ],
        "cart_reminder": bool(
            getattr(getattr(user, "alert_settings", None), "cart_reminder", False)
        ),
    }


def most_loved(*, shop_id: int, limit: int = 5) -> list[dict]:
    """Return a shop's most loved pieces with how many buyers love each (its dashboard only).

    Titles are in the active language (the seller's page), falling back like every title.
    """
    rows = list(
        Favourite.objects.filter(product__shop_id=shop_id)
        .values("product_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "product_id")[:limit]
    )
    titles = Product.objects.only(*(f"title_{code}" for code, _n in settings.LANGUAGES))
    products = titles.in_bulk([r["product_id"] for r in rows])
    return [
        {
            "product_id": r["product_id"],
            "title": localized(products[r["product_id"]], "title")[0],
            "count": r["n"],
        }
        for r in rows
    ]

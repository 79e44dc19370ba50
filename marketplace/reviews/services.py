"""Writes for reviews: write one, answer it, moderate it, keep product ratings current."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from artisans.selectors import shop_managed_by
from marketplace.catalogue.freshness import products_changing
from marketplace.catalogue.models import Product
from marketplace.catalogue.services.search import product_search_index_update
from marketplace.core.audit import audit_record, diff_fields
from marketplace.core.images import generated_name, image_clean
from marketplace.orders.models import OrderLine
from marketplace.orders.status import ShopOrderStatus

from .errors import ReviewError
from .errors import ReviewErrorCode as E
from .models import Review
from .selectors import review_window


def product_rating_refresh(*, product_id: int) -> None:
    """Recompute a product's average rating and count from its visible reviews."""
    agg = Review.objects.filter(product_id=product_id, status=Review.Status.VISIBLE).aggregate(
        avg=Avg("rating"), count=Count("pk")
    )
    avg = Decimal(str(agg["avg"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    with products_changing([product_id]):
        Product.objects.filter(pk=product_id).update(rating_avg=avg, rating_count=agg["count"])
    product_search_index_update(product_id=product_id)


def review_create(
    *, order_line_id: int, buyer, rating: int, text: str = "", photo=None, now=None
) -> Review:
    """Write the buyer's one review of a delivered order line within the review window."""
    now = now or timezone.now()
    clean = image_clean(photo) if photo is not None else None  # by content, before any lock
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ReviewError(
            E.BAD_RATING, fields={"rating": [str(ReviewError.messages[E.BAD_RATING])]}
        )
    with transaction.atomic():
        line = (
            OrderLine.objects.select_for_update()
            .select_related("shop_order__order")
            .filter(pk=order_line_id, shop_order__order__buyer=buyer)
            .first()
        )
        if line is None or buyer is None or not buyer.is_authenticated:
            raise ReviewError(E.NOT_FOUND)
        shop_order = line.shop_order
        if shop_order.status != ShopOrderStatus.DELIVERED or shop_order.delivered_at is None:
            raise ReviewError(E.NOT_DELIVERED)
        if Review.objects.filter(order_line=line).exists():
            raise ReviewError(E.ALREADY_REVIEWED)
        if now - shop_order.delivered_at > review_window():
            raise ReviewError(E.WINDOW_CLOSED)
        review = Review(
            order_line=line,
            product_id=line.product_id,
            shop_id=shop_order.shop_id,
            buyer=buyer,
            author_name=_public_name(buyer, shop_order.order),
            rating=rating,
            text=text.strip(),
            language=getattr(buyer, "language", "") or shop_order.order.language,
        )
        if clean is not None:
            review.photo.save(generated_name(clean.extension), ContentFile(clean.data), save=False)
        review.save()
        if line.product_id:
            product_rating_refresh(product_id=line.product_id)
    return review


def _public_name(buyer, order) -> str:
    """First name and country, the way reviews are signed on the site ("Emily, US")."""
    name = (buyer.display_name or order.ship_name or "").split(" ")[0] or "—"
    country = order.ship_country
    return f"{name}, {country}" if country else name


def review_reply(*, review_id: int, user, text: str) -> Review:
    """Record the shop's one public answer to a review."""
    text = (text or "").strip()
    if not text:
        raise ReviewError(E.REASON_REQUIRED, fields={"text": ["required"]})
    with transaction.atomic():
        review = (
            Review.objects.select_for_update().select_related("shop").filter(pk=review_id).first()
        )
        if review is None or not shop_managed_by(shop=review.shop, user=user):
            raise ReviewError(E.NOT_YOUR_SHOP)
        if review.replied_at is not None:
            raise ReviewError(E.ALREADY_REPLIED)
        review.reply = text
        review.replied_at = timezone.now()
        review.replied_by = user
        review.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    return review


def hide_locked(review: Review, *, reason: str) -> dict:
    """Hide a locked review and return the changed fields (no audit: the caller writes it)."""
    if review.status != Review.Status.VISIBLE:
        raise ReviewError(E.BAD_STATUS)
    before = {"status": review.status, "hidden_reason": review.hidden_reason}
    review.status = Review.Status.HIDDEN
    review.hidden_reason = reason
    review.checked_at = review.checked_at or timezone.now()
    review.save(update_fields=["status", "hidden_reason", "checked_at", "updated_at"])
    if review.product_id:
        product_rating_refresh(product_id=review.product_id)
    return diff_fields(before, {"status": review.status, "hidden_reason": review.hidden_reason})


def review_hide(*, review_id: int, actor, reason: str) -> Review:
    """Hide a review from the public with a reason, and audit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(E.REASON_REQUIRED, fields={"reason": ["required"]})
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise ReviewError(E.NOT_FOUND)
        changes = hide_locked(review, reason=reason)
        audit_record(actor=actor, action="review.hide", obj=review, changes=changes, reason=reason)
    return review


def review_mark_checked(*, review_id: int, actor) -> Review:
    """Mark a new review as read by a moderator and left visible, and audit it."""
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise ReviewError(E.NOT_FOUND)
        if review.checked_at is not None:
            raise ReviewError(E.BAD_STATUS)
        review.checked_at = timezone.now()
        review.save(update_fields=["checked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="review.check",
            obj=review,
            changes={"checked": ["False", "True"]},
        )
    return review

"""Shop decisions: verify, reject, suspend (hide everything, pause payouts), reinstate."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from artisans.models import Shop

from ..errors import ModerationError
from ..errors import ModerationErrorCode as E
from ..reasons import ShopRejectReason, SuspendReason
from ..selectors import shop_contacts, shop_verify_missing
from .audit import audit_record, diff_fields
from .common import compose_reason, notify_shop, reindex

FIELDS = ("status", "status_reason", "payouts_paused")


def _lock(shop_id: int) -> Shop:
    shop = Shop.objects.select_for_update().filter(pk=shop_id).first()
    if shop is None:
        raise ModerationError(E.NOT_FOUND)
    return shop


def _snapshot(shop: Shop) -> dict:
    return {field: getattr(shop, field) for field in FIELDS}


def _require(shop: Shop, *statuses: str) -> None:
    if shop.status not in statuses:
        raise ModerationError(E.BAD_STATUS)


def _save(shop: Shop, before: dict, *, actor, action: str, reason: str = "", extra=()):
    shop.save(update_fields=[*FIELDS, *extra, "updated_at"])
    changes = diff_fields(before, _snapshot(shop))
    entry = audit_record(actor=actor, action=action, obj=shop, changes=changes, reason=reason)
    reindex(shop.products.values_list("pk", flat=True))
    return entry


def shop_verify(*, shop_id: int, actor) -> Shop:
    """Verify a pending shop so it can sell; tell its people.

    Refused while nobody who runs the shop can receive e-mail (an active account with a
    confirmed address): a verified shop must hear about its paid orders.
    """
    with transaction.atomic():
        shop = _lock(shop_id)
        _require(shop, Shop.Status.PENDING)
        missing = shop_verify_missing(shop=shop)
        if missing:
            raise ModerationError(E.INCOMPLETE, missing=", ".join(missing))
        if not shop_contacts(shop=shop):
            raise ModerationError(E.NO_CONTACT)
        before = _snapshot(shop)
        shop.status = Shop.Status.VERIFIED
        shop.status_reason = ""
        shop.verified_at = timezone.now()
        entry = _save(shop, before, actor=actor, action="shop.verify", extra=["verified_at"])
        notify_shop(shop=shop, decision="shop_verified", key=f"audit:{entry.pk}", context={})
    return shop


def shop_reject(*, shop_id: int, actor, reason: str, reason_code: str = "") -> Shop:
    """Refuse a pending shop with a reason the seller receives."""
    with transaction.atomic():
        shop = _lock(shop_id)
        _require(shop, Shop.Status.PENDING)
        reason = compose_reason(shop=shop, choices=ShopRejectReason, code=reason_code, text=reason)
        before = _snapshot(shop)
        shop.status = Shop.Status.REJECTED
        shop.status_reason = reason
        entry = _save(shop, before, actor=actor, action="shop.reject", reason=reason)
        notify_shop(
            shop=shop, decision="shop_rejected", key=f"audit:{entry.pk}", context={"reason": reason}
        )
    return shop


def suspend_locked(shop: Shop, *, reason: str) -> dict:
    """Suspend a locked shop (its products vanish from the public, payouts pause)."""
    _require(shop, Shop.Status.VERIFIED)
    before = _snapshot(shop)
    shop.status = Shop.Status.SUSPENDED
    shop.status_reason = reason
    shop.payouts_paused = True
    shop.save(update_fields=[*FIELDS, "updated_at"])
    reindex(shop.products.values_list("pk", flat=True))
    return diff_fields(before, _snapshot(shop))


def shop_suspend(*, shop_id: int, actor, reason: str, reason_code: str = "") -> Shop:
    """Suspend a verified shop: hide all its products and pause its payouts."""
    with transaction.atomic():
        shop = _lock(shop_id)
        reason = compose_reason(shop=shop, choices=SuspendReason, code=reason_code, text=reason)
        changes = suspend_locked(shop, reason=reason)
        entry = audit_record(
            actor=actor, action="shop.suspend", obj=shop, changes=changes, reason=reason
        )
        notify_shop(
            shop=shop,
            decision="shop_suspended",
            key=f"audit:{entry.pk}",
            context={"reason": reason},
        )
    return shop


def shop_reinstate(*, shop_id: int, actor, reason: str = "") -> Shop:
    """Lift a suspension: the shop's products show again and payouts resume."""
    with transaction.atomic():
        shop = _lock(shop_id)
        _require(shop, Shop.Status.SUSPENDED)
        before = _snapshot(shop)
        shop.status = Shop.Status.VERIFIED
        shop.status_reason = ""
        shop.payouts_paused = False
        entry = _save(shop, before, actor=actor, action="shop.reinstate", reason=reason.strip())
        notify_shop(shop=shop, decision="shop_reinstated", key=f"audit:{entry.pk}", context={})
    return shop

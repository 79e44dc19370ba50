"""Reports: anyone may report an item (rate-limited); moderators resolve them per item."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.core.emails import email_queue
from marketplace.core.ratelimit import LimitUnavailable, counts, hit

from ..errors import ModerationError
from ..errors import ModerationErrorCode as E
from ..models import Flag
from .audit import audit_record
from .common import notify_shop
from .products import reject_locked
from .shops import suspend_locked

KINDS = ("product", "shop", "review", "message")
REPORTED = "Acted on after reports from visitors."
_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def report_rate() -> tuple[int, int]:
    """Return (reports allowed, per seconds) from the 'report' throttle rate, e.g. 10/hour."""
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("report", "10/hour")
    count, _slash, period = rate.partition("/")
    return int(count), _PERIODS.get(period, 3600)


def _rate_keys(*, reporter, ip: str) -> list[str]:
    keys = [f"report-rate:ip:{ip or 'unknown'}"]
    if reporter is not None and reporter.is_authenticated:
        keys.append(f"report-rate:user:{reporter.pk}")
    return keys


def flag_rate_limited(*, reporter, ip: str) -> bool:
    """Tell whether this visitor has used up their reports for now (503 if it cannot tell)."""
    limit, _window = report_rate()
    try:
        found = counts(_rate_keys(reporter=reporter, ip=ip))
    except LimitUnavailable:
        raise ModerationError(E.UNAVAILABLE) from None
    return any(value >= limit for value in found.values())


def _count_report(*, reporter, ip: str) -> None:
    _limit, window = report_rate()
    for key in _rate_keys(reporter=reporter, ip=ip):
        try:
            hit(key, window)
        except LimitUnavailable:
            return  # the report is recorded; only its count is lost


def reportable(*, kind: str, pk: int, reporter=None):
    """Return the public item a visitor may report, or raise a 404-like error.

    A message may be reported only by the side of its conversation that received it.
    """
    if kind == "message":
        return _reportable_message(pk, reporter)
    if kind == "product":
        obj = Product.objects.filter(
            pk=pk, status=Product.Status.PUBLISHED, shop__status=Shop.Status.VERIFIED
        ).first()
    elif kind == "shop":
        obj = Shop.objects.filter(pk=pk, status=Shop.Status.VERIFIED).first()
    elif kind == "review":
        Review = apps.get_model("reviews", "Review")
        obj = Review.objects.filter(pk=pk, status=Review.Status.VISIBLE).first()
    else:
        obj = None
    if obj is None:
        raise ModerationError(E.BAD_TARGET)
    return obj


def _reportable_message(pk: int, reporter):
    from marketplace.conversations.errors import ConversationError
    from marketplace.conversations.models import Message
    from marketplace.conversations.selectors import conversation_access

    message = Message.objects.filter(pk=pk, hidden_at__isnull=True).first()
    if message is None or message.side == "system":
        raise ModerationError(E.BAD_TARGET)
    try:
        access = conversation_access(user=reporter, conversation_id=message.conversation_id)
    except ConversationError:
        raise ModerationError(E.BAD_TARGET) from None
    if access.staff or access.side == message.side:
        raise ModerationError(E.BAD_TARGET)
    return message


def flag_create(*, kind: str, pk: int, reason: str, note: str = "", reporter=None, ip: str = ""):
    """Record a report about a product, shop, review or message (rate-limited per IP/user)."""
    if reason not in Flag.Reason.values:
        raise ModerationError(E.REASON_REQUIRED, fields={"reason": ["invalid"]})
    reportable(kind=kind, pk=pk, reporter=reporter)
    if flag_rate_limited(reporter=reporter, ip=ip):
        raise ModerationError(E.TOO_MANY_REPORTS)
    user = reporter if reporter is not None and reporter.is_authenticated else None
    flag = Flag.objects.create(
        **{f"{kind}_id": pk}, reason=reason, note=(note or "").strip()[:2000], reporter=user
    )
    _count_report(reporter=reporter, ip=ip)
    return flag


def flag_resolve(*, kind: str, pk: int, actor, resolution: str, note: str = "") -> int:
    """Resolve every open report on one item (no action, hide it, or suspend the shop).

    Writes one audit entry on the item that was acted on and tells signed-in reporters.
    Returns how many reports were resolved.
    """
    if kind not in KINDS or resolution not in Flag.Resolution.values:
        raise ModerationError(E.BAD_RESOLUTION)
    note = (note or "").strip()
    with transaction.atomic():
        flags = list(
            Flag.objects.select_for_update()
            .filter(status=Flag.Status.OPEN, **{f"{kind}_id": pk})
            .order_by("pk")
        )
        if not flags:
            raise ModerationError(E.BAD_STATUS)
        obj, changes, action = _apply(kind, pk, resolution, note)
        changes["open_reports"] = [str(len(flags)), "0"]
        now = timezone.now()
        for flag in flags:
            flag.status = Flag.Status.RESOLVED
            flag.resolution = resolution
            flag.resolution_note = note
            flag.resolved_by = actor
            flag.resolved_at = now
            flag.save(
                update_fields=[
                    "status",
                    "resolution",
                    "resolution_note",
                    "resolved_by",
                    "resolved_at",
                ]
            )
        entry = audit_record(actor=actor, action=action, obj=obj, changes=changes, reason=note)
        _tell_reporters(flags, resolution=resolution)
        _tell_seller(kind, obj, resolution, entry, note)
    return len(flags)


def _apply(kind: str, pk: int, resolution: str, note: str):
    """Lock the item the outcome acts on and change it; return (object, changes, action)."""
    R = Flag.Resolution
    if kind in ("product", "shop") and resolution == R.WARNED:
        raise ModerationError(E.BAD_RESOLUTION)
    if kind == "product":
        product = Product.objects.select_for_update().select_related("shop").get(pk=pk)
        if resolution == R.HIDDEN:
            return product, reject_locked(product, reason=note or REPORTED), "report.hide"
        if resolution == R.SUSPENDED:
            shop = Shop.objects.select_for_update().get(pk=product.shop_id)
            return shop, suspend_locked(shop, reason=note or REPORTED), "report.suspend"
        return product, {}, "report.dismiss"
    if kind == "shop":
        shop = Shop.objects.select_for_update().get(pk=pk)
        if resolution == R.HIDDEN:
            raise ModerationError(E.BAD_RESOLUTION)
        if resolution == R.SUSPENDED:
            return shop, suspend_locked(shop, reason=note or REPORTED), "report.suspend"
        return shop, {}, "report.dismiss"
    if kind == "message":
        return _apply_message(pk, resolution, note)
    if resolution == R.WARNED:
        raise ModerationError(E.BAD_RESOLUTION)
    Review = apps.get_model("reviews", "Review")
    review = Review.objects.select_for_update().get(pk=pk)
    if resolution == R.SUSPENDED:
        raise ModerationError(E.BAD_RESOLUTION)
    if resolution == R.HIDDEN:
        from marketplace.reviews.services import hide_locked

        return review, hide_locked(review, reason=note or REPORTED), "report.hide"
    return review, {}, "report.dismiss"


def _apply_message(pk: int, resolution: str, note: str):
    """Act on a reported message: warn its sender, hide it, or suspend the sender.

    Suspending a shop's message suspends the shop; a buyer's, their messaging.
    """
    from marketplace.conversations.models import Message, MessagingBan

    R = Flag.Resolution
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation__shop", "sender")
        .get(pk=pk)
    )
    if resolution == R.HIDDEN:
        message.hidden_at = message.hidden_at or timezone.now()
        message.save(update_fields=["hidden_at"])
        return message, {"hidden": ["False", "True"]}, "report.hide"
    if resolution == R.WARNED:
        _warn_sender(message, note)
        return message, {"warned": ["", str(message.sender_id or "")]}, "report.warn"
    if resolution == R.SUSPENDED:
        if message.side == "shop":
            shop = Shop.objects.select_for_update().get(pk=message.conversation.shop_id)
            return shop, suspend_locked(shop, reason=note or REPORTED), "report.suspend"
        if message.sender_id is None:
            raise ModerationError(E.BAD_RESOLUTION)
        ban, _created = MessagingBan.objects.get_or_create(
            user_id=message.sender_id, defaults={"reason": note or REPORTED}
        )
        return ban, {"messaging": ["allowed", "suspended"]}, "report.suspend_messaging"
    return message, {}, "report.dismiss"


def _warn_sender(message, note: str) -> None:
    """E-mail the sender of a reported message a moderator's warning, in their language."""
    sender = message.sender
    if sender is None or not sender.email:
        return
    email_queue(
        key=f"message-warning:{message.pk}",
        kind="moderation.message_warning",
        to=sender.email,
        template="moderation_message_warning",
        context={"note": note, "shop": message.conversation.shop.name},
        language=sender.language or settings.LANGUAGE_CODE,
    )


def _tell_reporters(flags, *, resolution: str) -> None:
    for flag in flags:
        if flag.reporter_id is None or not flag.reporter.email:
            continue
        email_queue(
            key=f"report-outcome:{flag.pk}",
            kind="moderation.report_resolved",
            to=flag.reporter.email,
            template="moderation_report_outcome",
            context={"flag": flag, "resolution": resolution},
            language=flag.reporter.language or settings.LANGUAGE_CODE,
        )


def _tell_seller(kind, obj, resolution, entry, note) -> None:
    R = Flag.Resolution
    if resolution == R.HIDDEN and kind == "product":
        notify_shop(
            shop=obj.shop,
            decision="product_rejected",
            key=f"audit:{entry.pk}",
            context={"product": obj, "reason": note},
        )
    elif resolution == R.SUSPENDED and isinstance(obj, Shop):
        notify_shop(
            shop=obj, decision="shop_suspended", key=f"audit:{entry.pk}", context={"reason": note}
        )

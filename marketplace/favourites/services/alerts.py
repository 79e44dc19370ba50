"""Back-in-stock alerts, the weekly digest of followed shops, alert settings, unsubscribing.

Each e-mail is recorded in the outbox (marketplace.core.emails) in the same transaction that
marks its event told, under a key naming the event: an alert's one e-mail, a buyer's digest
for one week. A redelivered task, a sweep or two restocks racing find the alert already told
(row lock + notified_at) or the key already recorded, and send nothing more.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from artisans.models import Shop
from marketplace.catalogue.models import Product, Variant
from marketplace.catalogue.selectors import products_public
from marketplace.core.emails import email_queue

from ..errors import FavouriteError, FavouriteErrorCode
from ..models import AlertSettings, Follow, StockAlert, UsedLink
from . import links

DIGEST_EVERY = timedelta(days=7)
DIGEST_MAX_PIECES = 12


def _language(user) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else "fr"


def product_url(product: Product, language: str) -> str:
    """Return the absolute link of a piece's page in `language`."""
    return f"{settings.SITE_URL}/{language}/p/{product.slug}/"


def _variant_for_alert(variant_id) -> Variant:
    try:
        pk = int(variant_id)
    except (TypeError, ValueError):
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND) from None
    variant = (
        Variant.objects.filter(pk=pk, is_active=True, product__in=products_public())
        .select_related("product")
        .first()
    )
    if variant is None:
        raise FavouriteError(FavouriteErrorCode.NOT_FOUND)
    return variant


def stock_alert_create(*, user, variant_id) -> StockAlert:
    """Ask to be told when a sold-out variant is back (asking twice keeps one alert)."""
    variant = _variant_for_alert(variant_id)
    if variant.stock > 0:
        raise FavouriteError(FavouriteErrorCode.IN_STOCK)
    found = StockAlert.objects.filter(user=user, variant=variant, notified_at__isnull=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return StockAlert.objects.create(user=user, variant=variant)
    except IntegrityError:
        return StockAlert.objects.get(user=user, variant=variant, notified_at__isnull=True)


def stock_alert_cancel(*, user, alert_id) -> bool:
    """Withdraw a waiting alert of this buyer; answer whether there was one."""
    try:
        pk = int(alert_id)
    except (TypeError, ValueError):
        return False
    deleted, _ = StockAlert.objects.filter(pk=pk, user=user, notified_at__isnull=True).delete()
    return bool(deleted)


def _tell_alert(alert: StockAlert, now) -> bool:
    user = alert.user
    language = _language(user)
    product = alert.variant.product
    with translation.override(language):
        context = {
            "name": user.get_short_name(),
            "title": product.title,
            "variant": alert.variant.label,
            "shop": product.shop.name,
            "link": product_url(product, language),
            "unsubscribe": links.unsubscribe_url(
                user_id=user.pk, kind=links.ALERT, pk=alert.pk, language=language
            ),
            "preferences": f"{settings.SITE_URL}/{language}/favourites/alerts/",
        }
    email_queue(
        key=f"stock_alert:{alert.pk}",
        kind="favourites_back_in_stock",
        to=user.email,
        template="favourites_back_in_stock",
        context=context,
        language=language,
    )
    alert.notified_at = now
    alert.save(update_fields=["notified_at"])
    return True


def stock_alerts_send(*, variant_ids=None, now=None) -> int:
    """Tell every waiting alert whose variant is buyable again; answer how many were told."""
    now = now or timezone.now()
    waiting = StockAlert.objects.filter(
        notified_at__isnull=True,
        variant__stock__gt=0,
        variant__is_active=True,
        variant__product__in=products_public(),
        user__is_active=True,
    )
    if variant_ids is not None:
        waiting = waiting.filter(variant_id__in=list(variant_ids))
    told = 0
    for pk in list(waiting.order_by("pk").values_list("pk", flat=True)[:2000]):
        with transaction.atomic():
            alert = (
                StockAlert.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "variant__product__shop")
                .filter(pk=pk, notified_at__isnull=True)
                .first()
            )
            if alert is None or alert.variant.stock <= 0:
                continue  # told by another worker, or sold out again: keep waiting
            told += _tell_alert(alert, now)
    return told


def alert_settings_for(user) -> AlertSettings:
    """Return a buyer's alert settings (defaults until they choose)."""
    found = AlertSettings.objects.filter(user=user).first()
    return found if found is not None else AlertSettings(user=user)


def alert_settings_update(*, user, cart_reminder: bool) -> AlertSettings:
    """Turn the cart reminder on or off for this buyer."""
    with transaction.atomic():
        found, _ = AlertSettings.objects.select_for_update().get_or_create(user=user)
        if found.cart_reminder != cart_reminder:
            found.cart_reminder = cart_reminder
            found.save(update_fields=["cart_reminder"])
    return found


def _digest_for(user_id: int, now) -> int:
    with transaction.atomic():
        prefs, _ = AlertSettings.objects.get_or_create(user_id=user_id)
        prefs = AlertSettings.objects.select_for_update().select_related("user").get(pk=prefs.pk)
        if prefs.digest_sent_at is not None and prefs.digest_sent_at > now - DIGEST_EVERY:
            return 0
        user = prefs.user
        if not user.is_active:
            return 0
        follows = list(
            Follow.objects.filter(user=user, digest=True, shop__status=Shop.Status.VERIFIED)
            .select_related("shop")
            .order_by("shop__name")
        )
        language = _language(user)
        groups, total = [], 0
        with translation.override(language):
            for follow in follows:
                pieces = list(
                    products_public()
                    .filter(
                        shop=follow.shop, published_at__gt=follow.told_until, published_at__lte=now
                    )
                    .order_by("-published_at")[: DIGEST_MAX_PIECES + 1]
                )
                if not pieces:
                    continue
                total += len(pieces)
                groups.append(
                    {
                        "shop": follow.shop.name,
                        "pieces": [
                            {"title": p.title, "link": product_url(p, language)}
                            for p in pieces[:DIGEST_MAX_PIECES]
                        ],
                        "more": len(pieces) > DIGEST_MAX_PIECES,
                        "unsubscribe": links.unsubscribe_url(
                            user_id=user.pk, kind=links.FOLLOW, pk=follow.pk, language=language
                        ),
                    }
                )
            if not groups:
                return 0
            context = {
                "name": user.get_short_name(),
                "groups": groups,
                "count": total,
                "unsubscribe": links.unsubscribe_url(
                    user_id=user.pk, kind=links.DIGESTS, language=language
                ),
                "preferences": f"{settings.SITE_URL}/{language}/favourites/alerts/",
            }
        email_queue(
            key=f"follow_digest:{user.pk}:{now:%Y%m%d%H%M%S}",
            kind="favourites_digest",
            to=user.email,
            template="favourites_digest",
            context=context,
            language=language,
        )
        Follow.objects.filter(pk__in=[f.pk for f in follows]).update(told_until=now)
        prefs.digest_sent_at = now
        prefs.save(update_fields=["digest_sent_at"])
        return 1


def follow_digests_send(*, now=None) -> int:
    """E-mail each buyer due a digest the new pieces of the shops they follow (weekly at most)."""
    now = now or timezone.now()
    due = (
        Follow.objects.filter(digest=True, user__is_active=True)
        .exclude(user__alert_settings__digest_sent_at__gt=now - DIGEST_EVERY)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_digest_for(user_id, now) for user_id in list(due[:5000]))


def _describe(user_id: int, kind: str, pk: int):
    """Return what a link stops, as shown on its page (None: nothing left to stop)."""
    if kind == links.ALERT:
        alert = (
            StockAlert.objects.filter(pk=pk, user_id=user_id)
            .select_related("variant__product")
            .first()
        )
        return alert.variant.product.title if alert is not None else None
    if kind == links.FOLLOW:
        follow = Follow.objects.filter(pk=pk, user_id=user_id).select_related("shop").first()
        return follow.shop.name if follow is not None else None
    return ""


def unsubscribe_describe(*, token: str) -> dict:
    """Return what an unsubscribe link would stop, or refuse a forged or used one."""
    read = links.read_token(token)
    if read is None:
        raise FavouriteError(FavouriteErrorCode.BAD_LINK)
    if UsedLink.objects.filter(digest=links.token_digest(token)).exists():
        raise FavouriteError(FavouriteErrorCode.USED_LINK)
    user_id, kind, pk = read
    return {"kind": kind, "subject": _describe(user_id, kind, pk)}


def unsubscribe(*, token: str) -> dict:
    """Stop what a signed link names, once; a second use or a forged link changes nothing."""
    read = links.read_token(token)
    if read is None:
        raise FavouriteError(FavouriteErrorCode.BAD_LINK)
    user_id, kind, pk = read
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise FavouriteError(FavouriteErrorCode.BAD_LINK)  # the account is gone
    with transaction.atomic():
        subject = _describe(user_id, kind, pk)
        try:
            with transaction.atomic():
                UsedLink.objects.create(user_id=user_id, digest=links.token_digest(token))
        except IntegrityError:
            raise FavouriteError(FavouriteErrorCode.USED_LINK) from None
        if kind == links.ALERT:
            StockAlert.objects.filter(pk=pk, user_id=user_id, notified_at__isnull=True).delete()
        elif kind == links.FOLLOW:
            Follow.objects.filter(pk=pk, user_id=user_id).update(digest=False)
        elif kind == links.DIGESTS:
            Follow.objects.filter(user_id=user_id).update(digest=False)
        elif kind == links.CART:
            AlertSettings.objects.filter(user_id=user_id).update(cart_reminder=False)
    return {"kind": kind, "subject": subject}

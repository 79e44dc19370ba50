"""The cart reminder: one e-mail for a cart left 24 hours by a buyer who asked for it.

A cart is "the same cart" while any line it had at the reminder is still in it: a reminder is
due only when none was sent since its oldest line was added, so emptying the cart (checking
out) and filling it again makes a new cart. Lines sold out or withdrawn are left out of the
e-mail; a cart with nothing left to buy gets no e-mail at all.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone, translation

from marketplace.core.emails import email_queue
from marketplace.orders.models import Cart, CartLine
from marketplace.orders.services.cart import variant_is_sellable

from ..models import CartReminder
from . import links
from .alerts import _language, product_url

# A cart left longer than this is too old to remind of (CART_REMINDER_HOURS: how long first).
TOO_OLD = timedelta(days=14)


def _after() -> timedelta:
    return timedelta(hours=getattr(settings, "CART_REMINDER_HOURS", 24))


def carts_due(*, now) -> list[int]:
    """Return the ids of carts due a reminder (opted-in buyer, left long enough, none sent)."""
    cutoff = now - _after()
    last_reminder = (
        CartReminder.objects.filter(cart=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    )
    return list(
        Cart.objects.filter(
            user__isnull=False,
            user__is_active=True,
            user__alert_settings__cart_reminder=True,
            updated_at__lte=cutoff,
        )
        .annotate(
            started=Min("lines__created_at"),
            touched=Max("lines__updated_at"),
            reminded_at=Subquery(last_reminder),
        )
        .filter(started__isnull=False, touched__lte=cutoff, touched__gt=now - TOO_OLD)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("started")))
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )


def _remind(cart_id: int, now) -> bool:
    with transaction.atomic():
        cart = (
            Cart.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=cart_id)
            .first()
        )
        if cart is None or cart.user is None:
            return False
        lines = list(
            CartLine.objects.filter(cart=cart)
            .select_related("variant__product__shop")
            .order_by("created_at", "pk")
        )
        if not lines:
            return False
        started = lines[0].created_at
        if max(line.updated_at for line in lines) > now - _after():
            return False  # touched meanwhile: not left any more
        if CartReminder.objects.filter(cart=cart, sent_at__gte=started).exists():
            return False
        buyable = [
            line for line in lines if variant_is_sellable(line.variant) and line.variant.stock >= 1
        ]
        if not buyable:
            return False  # everything sold out: nothing to come back for
        try:
            with transaction.atomic():
                CartReminder.objects.create(cart=cart, cart_started_at=started)
        except IntegrityError:
            return False
        user = cart.user
        language = _language(user)
        with translation.override(language):
            context = {
                "name": user.get_short_name(),
                "lines": [
                    {
                        "title": line.variant.product.title,
                        "variant": line.variant.label,
                        "shop": line.variant.product.shop.name,
                        "link": product_url(line.variant.product, language),
                    }
                    for line in buyable
                ],
                "cart": f"{settings.SITE_URL}/{language}/cart/",
                "unsubscribe": links.unsubscribe_url(
                    user_id=user.pk, kind=links.CART, language=language
                ),
            }
        email_queue(
            key=f"cart_reminder:{cart.pk}:{started.timestamp():.6f}",
            kind="favourites_cart_reminder",
            to=user.email,
            template="favourites_cart_reminder",
            context=context,
            language=language,
        )
        return True


def cart_reminders_send(*, now=None) -> int:
    """Send each due cart its one reminder; answer how many were sent."""
    now = now or timezone.now()
    return sum(_remind(cart_id, now) for cart_id in carts_due(now=now))

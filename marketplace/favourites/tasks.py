"""Celery tasks: tell restocks, the weekly digest, cart reminders (through the outbox)."""

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS

_RETRIES = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(name="favourites.stock_alerts_send", **_RETRIES)
def stock_alerts_send(variant_ids=None) -> int:
    """Tell the waiting alerts of these variants (all variants when None) that are back."""
    from .services import stock_alerts_send as send

    return send(variant_ids=variant_ids)


@shared_task(name="favourites.stock_alerts_sweep", **_RETRIES)
def stock_alerts_sweep() -> int:
    """Tell alerts whose restock announcement was lost (a broker outage, a shop reinstated)."""
    from .services import stock_alerts_send as send

    return send(variant_ids=None)


@shared_task(name="favourites.follow_digests", **_RETRIES)
def follow_digests() -> int:
    """E-mail the buyers due a digest the new pieces of the shops they follow."""
    from .services import follow_digests_send

    return follow_digests_send()


@shared_task(name="favourites.cart_reminders", **_RETRIES)
def cart_reminders() -> int:
    """Send each cart left 24 hours by an opted-in buyer its one reminder."""
    from .services import cart_reminders_send

    return cart_reminders_send()

"""What the favourites app follows: log-ins, restocks, the personal endpoint, account data."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from marketplace.accounts.hooks import register_account_data
from marketplace.caching.personal import register_part
from marketplace.catalogue.hooks import variants_restocked

from . import selectors, services
from .session import session_take

log = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="favourites.merge_at_login")
def merge_at_login(sender, request, user, **kwargs):
    """Make the favourites and follows of the visitor's session their account's."""
    session = getattr(request, "session", None)
    if session is None:
        return
    products, shops = session_take(session)
    if products or shops:
        services.favourites_merge(user=user, product_ids=products, shop_ids=shops)


@receiver(variants_restocked, dispatch_uid="favourites.tell_restocks")
def tell_restocks(sender, variant_ids, **kwargs):
    """Have a worker tell the alerts waiting for these variants (the sweep catches a loss)."""
    from .tasks import stock_alerts_send

    stock_alerts_send.delay(list(variant_ids))


register_part("favourites", selectors.personal_state)
register_account_data("favourites", selectors.account_data)

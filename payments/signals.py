"""Receivers for signals of the apps below payments (which must not import it)."""

from django.dispatch import receiver

from artisans.models import Shop
from artisans.signals import payout_details_changed


@receiver(payout_details_changed, sender=Shop, dispatch_uid="payments.hold_payouts")
def hold_payouts_on_details_change(sender, shop, actor, **kwargs):
    """Hold the shop's payouts not yet paid for staff review; answer the payouts held."""
    from .services import payouts_hold_for_details_change

    return payouts_hold_for_details_change(shop=shop, actor=actor)

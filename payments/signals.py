"""Receivers for signals of the apps below payments (which must not import it)."""

from django.dispatch import receiver

from artisans.models import Shop
from artisans.signals import payout_details_changed
from marketplace.orders.hooks import shop_order_changed
from marketplace.orders.models import ShopOrder


@receiver(payout_details_changed, sender=Shop, dispatch_uid="payments.hold_payouts")
def hold_payouts_on_details_change(sender, shop, actor, **kwargs):
    """Hold the shop's payouts not yet paid for staff review; answer the payouts held."""
    from .services import payouts_hold_for_details_change

    return payouts_hold_for_details_change(shop=shop, actor=actor)


@receiver(shop_order_changed, sender=ShopOrder, dispatch_uid="payments.cod_text_messages")
def cod_text_on_status(sender, shop_order, from_status, to_status, actor=None, **kwargs):
    """Text the COD buyer when a parcel ships, is delivered or refused (their language)."""
    from .services.cod_notify import cod_status_text

    cod_status_text(shop_order=shop_order, to_status=to_status)

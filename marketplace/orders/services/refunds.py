"""What a refund changes on the order side: the amount the buyer sees, the timeline, an e-mail.

Payments moves the money; once a refund succeeded it calls `shop_order_refund_record` inside
its own transaction (payments sits above orders, so the call points down). Orders never
imports payments.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from marketplace.core.emails import email_queue

from ..links import order_link
from ..models import OrderEvent, ShopOrder
from ..status import ShopOrderStatus
from .notifications import LANGUAGES, order_email_key


def _buyer_language(order) -> str:
    """The buyer's account language when they have one, else the language they ordered in."""
    buyer = order.buyer
    if buyer is not None and buyer.language in LANGUAGES:
        return buyer.language
    return order.language if order.language in LANGUAGES else "fr"


def shop_order_refund_record(
    *, shop_order_id: int, amount: Decimal, key: str, actor=None
) -> ShopOrder:
    """Add a succeeded refund to a shop order: new total, timeline entry, the buyer's e-mail.

    `key` names the refund (one e-mail per key, ever). A part that was cancelled already told
    the buyer its money comes back, so it gets the timeline entry but no second e-mail.
    """
    with transaction.atomic():
        shop_order = (
            ShopOrder.objects.select_for_update(of=("self",))
            .select_related("order__buyer", "shop")
            .get(pk=shop_order_id)
        )
        amount = min(Decimal(amount), shop_order.total - shop_order.refunded)
        if amount <= 0:
            return shop_order
        ShopOrder.objects.filter(pk=shop_order.pk).update(refunded=F("refunded") + amount)
        shop_order.refresh_from_db(fields=["refunded"])
        order = shop_order.order
        OrderEvent.objects.create(
            order=order,
            shop_order=shop_order,
            kind="refund",
            note=str(amount),
            actor=actor if getattr(actor, "pk", None) else None,
        )
        if shop_order.status != ShopOrderStatus.CANCELLED:
            lang = _buyer_language(order)
            email_queue(
                key=order_email_key(order, "refund", key),
                kind="order_refunded_buyer",
                to=order.email,
                template="order_refunded_buyer",
                context={
                    "order": order,
                    "shop_order": shop_order,
                    "amount": amount,
                    "link": order_link(order.number, lang),
                },
                language=lang,
            )
    return shop_order

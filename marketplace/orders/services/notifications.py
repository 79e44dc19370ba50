"""E-mails about orders, recorded in the outbox inside the transaction of the change."""

from __future__ import annotations

from artisans.models import Membership
from marketplace.core.emails import email_queue, emails_queue

from ..links import order_link
from ..models import Order, ShopOrder


def order_email_key(order: Order, *parts) -> str:
    """Return the deterministic outbox key of an order e-mail (one e-mail per key, ever)."""
    return ":".join(["order", order.number, *[str(p) for p in parts]])


def shop_contact_emails(shop) -> list[str]:
    """Return the addresses that receive a shop's order e-mails."""
    emails = []
    if shop.artisan_id and shop.artisan.user_id:
        emails.append(shop.artisan.user.email)
    if shop.cooperative_id:
        emails.extend(
            Membership.objects.filter(
                cooperative_id=shop.cooperative_id, role="manager", artisan__user__isnull=False
            ).values_list("artisan__user__email", flat=True)
        )
    return sorted(set(emails))


def _language(order: Order) -> str:
    return order.language if order.language in {"ar", "fr", "en", "es"} else "fr"


def notify_order_paid(
    order: Order, shop_orders: list[ShopOrder], *, parts: list[ShopOrder] | None = None
) -> None:
    """Queue the buyer's confirmation and a new-order e-mail to each paid shop.

    `parts` are all the order's shop orders with shop and lines loaded, when the caller has
    them (read here otherwise); `shop_orders`, the ones just paid, are among them.
    """
    lang = _language(order)
    if parts is None:
        parts = list(order.shop_orders.select_related("shop").prefetch_related("lines"))
    loaded = {so.pk: so for so in parts}
    shop_orders = [loaded.get(so.pk, so) for so in shop_orders]
    parts = [(so, list(so.lines.all())) for so in parts]
    context = {"order": order, "parts": parts, "link": order_link(order.number, lang)}
    emails = [
        {
            "key": order_email_key(order, "paid", "buyer"),
            "kind": "order_paid_buyer",
            "to": order.email,
            "template": "order_paid_buyer",
            "context": context,
            "language": lang,
        }
    ]
    for so in shop_orders:
        for address in shop_contact_emails(so.shop):
            emails.append(
                {
                    "key": order_email_key(order, "paid", "shop", so.shop_id, address),
                    "kind": "order_new_shop",
                    "to": address,
                    "template": "order_new_shop",
                    "context": {"order": order, "shop_order": so, "lines": list(so.lines.all())},
                    "language": "fr",
                }
            )
    emails_queue(emails)  # one INSERT for the buyer's and every shop's e-mail


def notify_shop_order_status(shop_order: ShopOrder) -> None:
    """Queue the buyer's e-mail about a shop's part moving on (accepted, shipped, …)."""
    order = shop_order.order
    lang = _language(order)
    email_queue(
        key=order_email_key(order, "so", shop_order.pk, shop_order.status),
        kind=f"order_{shop_order.status}_buyer",
        to=order.email,
        template="order_status_buyer",
        context={
            "order": order,
            "shop_order": shop_order,
            "lines": list(shop_order.lines.all()),
            "link": order_link(order.number, lang),
        },
        language=lang,
    )

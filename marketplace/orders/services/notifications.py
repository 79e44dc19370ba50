"""E-mails about orders, recorded in the outbox inside the transaction of the change."""

from __future__ import annotations

from django.conf import settings

from artisans.selectors import shops_contacts
from marketplace.accounts.selectors import staff_alert_recipients
from marketplace.core.emails import email_queue, emails_queue

from ..links import order_link
from ..models import Order, OrderEvent, ShopOrder

LANGUAGES = {"ar", "fr", "en", "es"}


def order_email_key(order: Order, *parts) -> str:
    """Return the deterministic outbox key of an order e-mail (one e-mail per key, ever)."""
    return ":".join(["order", order.number, *[str(p) for p in parts]])


def _recipient_language(user) -> str:
    return user.language if user.language in LANGUAGES else "fr"


def _language(order: Order) -> str:
    return order.language if order.language in LANGUAGES else "fr"


def notify_order_paid(
    order: Order, shop_orders: list[ShopOrder], *, parts: list[ShopOrder] | None = None
) -> None:
    """Queue the buyer's confirmation and a new-order e-mail to each paid shop.

    `parts` are all the order's shop orders with shop and lines loaded, when the caller has
    them (read here otherwise); `shop_orders`, the ones just paid, are among them.
    """
    if parts is None:
        parts = list(order.shop_orders.select_related("shop").prefetch_related("lines"))
    notify_orders_paid([(order, shop_orders, parts)])


def notify_orders_paid(
    paid: list[tuple[Order, list[ShopOrder], list[ShopOrder]]], *, kind: str = "paid"
) -> None:
    """Queue the paid e-mails of several orders: (order, parts just paid, all its parts loaded).

    One query for the shops' cooperative managers, one INSERT for every e-mail. `kind` is
    "confirmed" for a cash-on-delivery order the buyer confirmed by code (the same e-mails,
    saying the cash is collected on delivery).
    """
    loaded_paid = []
    for order, shop_orders, parts in paid:
        loaded = {so.pk: so for so in parts}  # the just-paid parts as loaded (shop, lines)
        loaded_paid.append((order, [loaded.get(so.pk, so) for so in shop_orders], parts))
    paid = loaded_paid
    shops = {so.shop_id: so.shop for _order, shop_orders, _parts in paid for so in shop_orders}
    contacts = shops_contacts(list(shops.values()))
    emails, unreachable = [], []
    for order, shop_orders, parts in paid:
        lang = _language(order)
        context = {
            "order": order,
            "parts": [(so, list(so.lines.all())) for so in parts],
            "link": order_link(order.number, lang),
        }
        emails.append(
            {
                "key": order_email_key(order, kind, "buyer"),
                "kind": "order_paid_buyer",
                "to": order.email,
                "template": "order_paid_buyer",
                "context": context,
                "language": lang,
            }
        )
        # A deposit is not an order to ship: the commission tells the shop itself.
        for so in shop_orders if order.kind != "deposit" else ():
            if not contacts[so.shop_id]:
                unreachable.append((order, so))
            for user in contacts[so.shop_id]:
                emails.append(
                    {
                        "key": order_email_key(order, kind, "shop", so.shop_id, user.email),
                        "kind": "order_new_shop",
                        "to": user.email,
                        "template": "order_new_shop",
                        "context": {
                            "order": order,
                            "shop_order": so,
                            "lines": list(so.lines.all()),
                        },
                        # Each of the shop's people in their own language, Arabic included.
                        "language": _recipient_language(user),
                    }
                )
    if unreachable:
        emails.extend(_staff_alerts(unreachable))
    emails_queue(emails)


def _staff_alerts(unreachable: list[tuple[Order, ShopOrder]]) -> list[dict]:
    """Alert staff that a paid shop order reached nobody at its shop (and note it on the order).

    A verified shop always has a reachable contact when verified, but its people may leave,
    lose their account or never confirm an e-mail afterwards: a paid order must not wait
    unseen.
    """
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order,
                shop_order=so,
                kind="shop_unreachable",
                note="no reachable contact at the shop: staff alerted",
            )
            for order, so in unreachable
        ]
    )
    alerts = []
    for staff in staff_alert_recipients():
        for order, so in unreachable:
            alerts.append(
                {
                    "key": order_email_key(order, "unreachable", so.shop_id, staff.pk),
                    "kind": "staff_shop_unreachable",
                    "to": staff.email,
                    "template": "staff_shop_unreachable",
                    "context": {
                        "order": order,
                        "shop_order": so,
                        "shop": so.shop,
                        "site_url": settings.SITE_URL,
                    },
                    "language": _recipient_language(staff),
                }
            )
    return alerts


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

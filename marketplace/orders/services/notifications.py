"""E-mails about orders, recorded in the outbox inside the transaction of the change."""

from __future__ import annotations

from artisans.models import Membership
from marketplace.core.emails import email_queue, emails_queue

from ..links import order_link
from ..models import Order, ShopOrder


def order_email_key(order: Order, *parts) -> str:
    """Return the deterministic outbox key of an order e-mail (one e-mail per key, ever)."""
    return ":".join(["order", order.number, *[str(p) for p in parts]])


def shops_contact_emails(shops) -> dict[int, list[str]]:
    """Return the addresses that receive each shop's order e-mails, by shop id (one query).

    The shops come with `artisan__user` loaded (or it is read per shop); cooperative managers
    are read for all the shops at once.
    """
    emails: dict[int, set[str]] = {shop.pk: set() for shop in shops}
    by_cooperative = {}
    for shop in shops:
        if shop.artisan_id and shop.artisan.user_id:
            emails[shop.pk].add(shop.artisan.user.email)
        if shop.cooperative_id:
            by_cooperative.setdefault(shop.cooperative_id, []).append(shop.pk)
    if by_cooperative:
        managers = Membership.objects.filter(
            cooperative_id__in=by_cooperative, role="manager", artisan__user__isnull=False
        ).values_list("cooperative_id", "artisan__user__email")
        for cooperative_id, email in managers:
            for shop_id in by_cooperative[cooperative_id]:
                emails[shop_id].add(email)
    return {shop_id: sorted(addresses) for shop_id, addresses in emails.items()}


def shop_contact_emails(shop) -> list[str]:
    """Return the addresses that receive a shop's order e-mails."""
    return shops_contact_emails([shop])[shop.pk]


def _language(order: Order) -> str:
    return order.language if order.language in {"ar", "fr", "en", "es"} else "fr"


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


def notify_orders_paid(paid: list[tuple[Order, list[ShopOrder], list[ShopOrder]]]) -> None:
    """Queue the paid e-mails of several orders: (order, parts just paid, all its parts loaded).

    One query for the shops' cooperative managers, one INSERT for every e-mail.
    """
    loaded_paid = []
    for order, shop_orders, parts in paid:
        loaded = {so.pk: so for so in parts}  # the just-paid parts as loaded (shop, lines)
        loaded_paid.append((order, [loaded.get(so.pk, so) for so in shop_orders], parts))
    paid = loaded_paid
    shops = {so.shop_id: so.shop for _order, shop_orders, _parts in paid for so in shop_orders}
    contacts = shops_contact_emails(list(shops.values()))
    emails = []
    for order, shop_orders, parts in paid:
        lang = _language(order)
        context = {
            "order": order,
            "parts": [(so, list(so.lines.all())) for so in parts],
            "link": order_link(order.number, lang),
        }
        emails.append(
            {
                "key": order_email_key(order, "paid", "buyer"),
                "kind": "order_paid_buyer",
                "to": order.email,
                "template": "order_paid_buyer",
                "context": context,
                "language": lang,
            }
        )
        # A deposit is not an order to ship: the commission tells the shop itself.
        for so in shop_orders if order.kind != "deposit" else ():
            for address in contacts[so.shop_id]:
                emails.append(
                    {
                        "key": order_email_key(order, "paid", "shop", so.shop_id, address),
                        "kind": "order_new_shop",
                        "to": address,
                        "template": "order_new_shop",
                        "context": {
                            "order": order,
                            "shop_order": so,
                            "lines": list(so.lines.all()),
                        },
                        "language": "fr",
                    }
                )
    emails_queue(emails)


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

"""Text messages and shop e-mails of cash-on-delivery steps, in each recipient's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from artisans.selectors import shops_contacts
from marketplace.core.emails import emails_queue
from marketplace.notify.services import message_queue
from marketplace.orders.links import order_link
from marketplace.orders.status import ShopOrderStatus as S
from marketplace.shipping.carriers import carrier_name, tracking_link

from ..models import CodConfirmation


def _body(shop_order, to_status: str, language: str) -> str:
    order = shop_order.order
    with translation.override(language):
        values = {
            "number": order.number,
            "shop": shop_order.shop.name,
            "total": shop_order.total_mad,
            "carrier": carrier_name(shop_order.carrier),
            "tracking": shop_order.tracking_number,
            # The courier's tracking page, or the order page (which shows the number).
            "link": tracking_link(shop_order.carrier, shop_order.tracking_number)
            or order_link(order.number, language),
        }
        if to_status == S.SHIPPED:
            return (
                _(
                    "Souk: %(shop)s shipped your order %(number)s with %(carrier)s (%(tracking)s). "
                    "Have %(total)s MAD in cash ready. Track it: %(link)s"
                )
                % values
            )
        if to_status == S.DELIVERED:
            return _("Souk: your pieces from %(shop)s were delivered (%(number)s). Thank you!") % (
                values
            )
        return (
            _("Souk: you refused the parcel from %(shop)s (%(number)s). It goes back to the shop.")
            % values
        )


def cod_status_text(*, shop_order, to_status: str) -> None:
    """Queue the buyer's text for a COD parcel that shipped, arrived or was refused."""
    order = shop_order.order
    if order.payment_method != "cod" or to_status not in (S.SHIPPED, S.DELIVERED, S.REFUSED):
        return
    confirmation = CodConfirmation.objects.filter(order_id=order.pk).first()
    if confirmation is None:
        return
    message_queue(
        key=f"cod:{order.number}:{shop_order.pk}:{to_status}",
        purpose=f"cod_{to_status}",
        to=confirmation.phone,
        body=_body(shop_order, to_status, order.language),
        channel=confirmation.channel,
        language=order.language,
    )
    if to_status == S.REFUSED:
        _tell_shop_refused(shop_order)


def _tell_shop_refused(shop_order) -> None:
    """E-mail the shop's people, each in their language, that a parcel comes back."""
    order = shop_order.order
    contacts = shops_contacts([shop_order.shop])[shop_order.shop_id]
    emails_queue(
        [
            {
                "key": f"order:{order.number}:refused:shop:{shop_order.shop_id}:{user.email}",
                "kind": "cod_refused_shop",
                "to": user.email,
                "template": "cod_refused_shop",
                "context": {
                    "order": order,
                    "shop_order": shop_order,
                    "lines": list(shop_order.lines.all()),
                    "link": order_link(order.number, user.language),
                },
                "language": user.language if user.language in ("ar", "fr", "en", "es") else "fr",
            }
            for user in contacts
        ]
    )

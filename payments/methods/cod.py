"""Cash on delivery: where it is offered, and what placing a COD order does.

Offered when the address is in Morocco (settings.COD_COUNTRIES), the buyer pays in MAD
(COD_CURRENCIES), every shop in the cart opted in (CodShopTerms.enabled), the total stays
under COD_MAX_ORDER_MAD, the phone is a Moroccan number, and neither that number nor the buyer
is blocked by staff or past COD_REFUSAL_LIMIT refused parcels. Placing the order sends the
confirmation code (payments/services/cod_confirm.py); the shops see it once confirmed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from artisans.models import Shop
from marketplace.orders.methods import CheckoutContext, MethodOffer, PaymentMethod

from ..models import CodShopTerms
from ..phones import cod_phone
from ..selectors import cod_refused_or_blocked


class CodMethod(PaymentMethod):
    """Cash on delivery, confirmed by a code sent to the buyer's phone."""

    code = "cod"

    def offer(self, context: CheckoutContext) -> MethodOffer:
        reasons = []
        if context.country not in settings.COD_COUNTRIES:
            reasons.append(_("Cash on delivery is offered for addresses in Morocco only."))
        if context.currency not in settings.COD_CURRENCIES:
            reasons.append(_("Cash on delivery is paid in dirhams: choose MAD to use it."))
        terms = {
            t.shop_id: t
            for t in CodShopTerms.objects.filter(shop_id__in=context.shop_ids, enabled=True)
        }
        missing = [pk for pk in context.shop_ids if pk not in terms]
        if missing:
            names = list(
                Shop.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True)
            )
            reasons.append(
                ngettext(
                    "%(shops)s does not take cash on delivery.",
                    "%(shops)s do not take cash on delivery.",
                    len(names),
                )
                # Each name isolated (FSI … PDI): a Latin name stays whole inside Arabic text.
                % {"shops": ", ".join(f"\u2068{name}\u2069" for name in names)}
            )
        fees = {pk: terms[pk].fee_mad for pk in context.shop_ids if pk in terms}
        total = context.total_mad + sum(fees.values(), Decimal("0"))
        if total > settings.COD_MAX_ORDER_MAD:
            reasons.append(
                _(
                    "Cash on delivery is offered up to %(max)s MAD; "
                    "this order comes to %(total)s MAD."
                )
                % {"max": settings.COD_MAX_ORDER_MAD, "total": total}
            )
        phone = None
        if context.phone is not None:  # None: not typed yet (the checkout page before placing)
            phone = cod_phone(context.phone)
            if phone is None:
                reasons.append(
                    _("Enter a Moroccan phone number: the confirmation code is sent to it.")
                )
        if cod_refused_or_blocked(phone=phone, buyer_id=context.buyer_id):
            reasons.append(
                _("Cash on delivery is not available for this phone number or account; "
                  "you can pay by card.")
            )  # fmt: skip
        return MethodOffer(code=self.code, available=not reasons, reasons=reasons, fees=fees)

    def placed(self, *, order) -> None:
        from ..services.cod_confirm import cod_confirmation_start

        cod_confirmation_start(order=order)

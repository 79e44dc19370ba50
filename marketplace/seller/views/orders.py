"""The shop's part of orders: the list, one order, accept, ship, cancel, packing slip."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.orders import selectors as order_selectors
from marketplace.orders import services as order_services
from marketplace.orders.status import ShopOrderStatus
from marketplace.orders.tasks import shop_order_documents_task
from marketplace.provenance import selectors as provenance_selectors
from marketplace.provenance import services as provenance_services
from marketplace.provenance.documents import cards_pdf, qr_svg
from marketplace.shipping.selectors import shop_order_documents

from .. import forms, selectors
from .common import refuse, seller_page, seller_required


@seller_required("orders")
def orders(request):
    """List the shop's orders, new ones first."""
    return seller_page(
        request, "orders.html", {"shop_orders": selectors.shop_orders(request.seller.shop)}
    )


@seller_required("orders")
def order(request, number: str):
    """Show this shop's part of an order and what can be done next."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    return seller_page(
        request,
        "order.html",
        {
            "so": shop_order,
            "order": shop_order.order,
            "ship_form": forms.ShipForm(),
            "cancel_form": forms.CancelForm(),
            "documents": shop_order_documents(shop_order_id=shop_order.pk),
            # The order's own steps and this shop's: never another shop's part, nor e-mails.
            "timeline": [
                entry
                for entry in order_selectors.order_timeline(order=shop_order.order, emails_to="")
                if entry.shop_order_id in (None, shop_order.pk)
            ],
        },
    )


@seller_required("orders")
@require_POST
def order_documents(request, number: str):
    """Ask for the customs documents to be made again (they are made when the order is paid)."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    if shop_order.status in ("paid", "accepted") and shop_order.order.ship_country != "MA":
        try:
            shop_order_documents_task.delay(shop_order.pk)
        except Exception:  # the broker is down: say so, the page still works
            messages.error(request, _("The documents cannot be prepared right now. Try later."))
        else:
            messages.success(request, _("The documents are being prepared. Refresh in a moment."))
    return redirect("artisans:order", number)


def _order_action(request, number: str, action: str):
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    service = {
        "accept": order_services.shop_order_accept,
        "ship": order_services.shop_order_ship,
        "cancel": order_services.shop_order_cancel,
    }[action]
    kwargs = {"shop_order_id": shop_order.pk, "actor": request.user}
    if action == "ship":
        form = forms.ShipForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the carrier and the tracking number."))
            return redirect("artisans:order", number)
        kwargs.update(form.cleaned_data)
    elif action == "cancel":
        form = forms.CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why you cancel: the buyer will read it."))
            return redirect("artisans:order", number)
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        service(**kwargs)
    except DomainError as error:
        return refuse(request, error, "artisans:order", number)
    done = {
        "accept": _("Order accepted. Prepare it with the packing slip."),
        "ship": _("Marked as shipped. The buyer gets the tracking number."),
        "cancel": _("Order cancelled. The buyer is refunded."),
    }
    messages.success(request, done[action])
    return redirect("artisans:order", number)


@seller_required("orders")
@require_POST
def order_accept(request, number: str):
    """Accept a paid order."""
    return _order_action(request, number, "accept")


@seller_required("orders")
@require_POST
def order_ship(request, number: str):
    """Mark an order shipped with the carrier and tracking number."""
    return _order_action(request, number, "ship")


@seller_required("orders")
@require_POST
def order_cancel(request, number: str):
    """Cancel an order with a reason (the buyer is refunded, stock returned)."""
    return _order_action(request, number, "cancel")


@seller_required("orders")
def packing_slip(request, number: str):
    """A printable packing slip for this shop's part of an order, with each piece's QR code."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    return render(
        request,
        "artisans/packing_slip.html",
        {
            "so": shop_order,
            "order": shop_order.order,
            "shop": request.seller.shop,
            "certificates": _certificates(request, shop_order),
        },
    )


def _certificates(request, shop_order) -> list[dict]:
    """Return the shop order's certificates with their address and QR (made if still missing)."""
    if shop_order.status not in (ShopOrderStatus.SHIPPED, ShopOrderStatus.DELIVERED):
        return []
    found = provenance_selectors.certificates_of(shop_order)
    if not found:
        try:
            provenance_services.certificates_issue(
                shop_order_id=shop_order.pk, shop=request.seller.shop
            )
        except DomainError:
            return []
        found = provenance_selectors.certificates_of(shop_order)
    language = shop_order.order.language
    cards = []
    for certificate in found:
        url = provenance_services.certificate_url(certificate.code, language)
        cards.append(
            {
                "certificate": certificate,
                "url": url,
                "qr": qr_svg(url),
                "payload": certificate.payload,
            }
        )
    return cards


@seller_required("orders")
def certificate_cards(request, number: str):
    """The small cards to slip in the parcel, one per piece (PDF)."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    cards = _certificates(request, shop_order)
    if not cards:
        raise Http404
    pdf = cards_pdf(cards, language=shop_order.order.language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="souk-cards-{number}.pdf"'
    return response

"""Pages: inboxes, a conversation, quotes, commissioned pieces and the shop's workshop board.

A conversation is shown only to its buyer, its shop's order-handling members and staff
(reading is audited); anyone else gets a 404, as for a conversation that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.core.errors import DomainError
from marketplace.core.money import convert_from_mad
from marketplace.core.selectors import exchange_rate
from marketplace.core.web import refuse

from . import display, forms, selectors, services
from .errors import ConversationError
from .models import Commission, Side
from .photos import photo_response


def _currency(request) -> str:
    return getattr(request, "currency", "MAD")


def _access(request, pk: int):
    """Return the reader's access; a 404 for anyone else; staff reading is audited."""
    try:
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
    except ConversationError:
        raise Http404 from None
    if access.staff:
        services.conversation_staff_open(conversation_id=pk, actor=request.user, reason="page")
    return access


def _layout(access_side: str) -> str:
    if access_side == Side.SHOP:
        return "conversations/_shop_layout.html"
    return "conversations/_buyer_layout.html"


@login_required
def inbox(request):
    """The signed-in visitor's conversations with shops, unread first to the eye."""
    return render(
        request,
        "conversations/inbox.html",
        {
            "conversations": selectors.inbox(user=request.user, side=Side.BUYER)[:100],
            "side": Side.BUYER,
        },
    )


@login_required
def shop_inbox(request):
    """The conversations of the shops this person answers for (404 for anyone else)."""
    shops = selectors.handled_shop_ids(request.user)
    if not shops:
        raise Http404
    return render(
        request,
        "conversations/inbox.html",
        {
            "conversations": selectors.inbox(user=request.user, side=Side.SHOP)[:100],
            "side": Side.SHOP,
            "seller": _seller(request),
        },
    )


def _seller(request):
    from artisans.selectors import seller_access

    return seller_access(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """Ask a shop a question, from a piece, the shop's page or an order (plain link, no data)."""
    shop = get_object_or_404(Shop, slug=request.GET.get("shop", ""), status=Shop.Status.VERIFIED)
    product = None
    if request.GET.get("product"):
        product = get_object_or_404(Product, slug=request.GET["product"], shop=shop)
    order_number = (request.GET.get("order") or "")[:20] or None
    form = forms.MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation, message = services.conversation_start(
                buyer=request.user,
                shop_id=shop.pk,
                text=form.cleaned_data["text"],
                photos=request.FILES.getlist("photos"),
                product_id=product.pk if product else None,
                order_number=order_number,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if message.masked:
                messages.warning(request, display.MASKED_NOTICE)
            return redirect("conversations:thread", pk=conversation.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "conversations/start.html",
        {"form": form, "shop": shop, "product": product, "order_number": order_number},
        status=status,
    )


@login_required
def thread(request, pk: int):
    """One conversation: messages, photos, quotes, progress; marked read for the reader's side."""
    access = _access(request, pk)
    if not access.staff:
        services.conversation_mark_read(conversation_id=pk, user=request.user)
        access = selectors.conversation_access(user=request.user, conversation_id=pk)
    conversation = access.conversation
    currency = _currency(request)
    items = list(selectors.conversation_messages(conversation=conversation, staff=access.staff))
    other_upto = conversation.read_upto(access.other_side) if not access.staff else 0
    for message in items:
        message.seen = message.side == access.side and other_upto >= message.pk
        if message.quote_id:
            quote = message.quote
            quote.shown_status = quote.effective_status()
            quote.prices = services.quote_prices(quote)
            quote.price_buyer = convert_from_mad(quote.price_mad, currency, exchange_rate(currency))
    return render(
        request,
        "conversations/thread.html",
        {
            "layout": _layout(access.side),
            "seller": _seller(request) if access.side == Side.SHOP else None,
            "access": access,
            "conversation": conversation,
            "items": items,
            "form": forms.MessageForm(),
            "quote_form": forms.QuoteForm() if access.side == Side.SHOP else None,
            "hidden_contacts": not selectors.pair_has_paid_order(
                buyer_id=conversation.buyer_id, shop_id=conversation.shop_id
            ),
            "commissions": conversation.commissions.exclude(status="lapsed").order_by("-pk"),
            "currency": currency,
        },
    )


@login_required
@require_POST
def send(request, pk: int):
    """Send a message with photos; the sender is told when contact details were hidden."""
    _access(request, pk)
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = services.message_send(
                conversation_id=pk,
                sender=request.user,
                text=form.cleaned_data["text"],
                photos=request.FILES.getlist("photos"),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if message.masked:
                messages.warning(request, display.MASKED_NOTICE)
    else:
        messages.error(request, _("Write a message or add a photo."))
    return redirect(reverse("conversations:thread", kwargs={"pk": pk}) + "#compose")


@login_required
@require_POST
def block(request, pk: int):
    """Block or unblock the other side."""
    _access(request, pk)
    blocked = request.POST.get("blocked") == "1"
    try:
        services.conversation_block(conversation_id=pk, user=request.user, blocked=blocked)
    except DomainError as error:
        return refuse(request, error, "conversations:thread", pk=pk)
    messages.success(
        request,
        _("Blocked: they can no longer write to you here.") if blocked else _("Unblocked."),
    )
    return redirect("conversations:thread", pk=pk)


@login_required
def photo(request, photo_id: int, size: str):
    """Hand out a conversation photo to its people and staff only (never by URL alone)."""
    try:
        found, _ = selectors.message_photo_for(user=request.user, photo_id=photo_id)
        return photo_response(found, "thumb" if size == "thumb" else "full")
    except ConversationError:
        raise Http404 from None


@login_required
@require_POST
def quote_create(request, pk: int):
    """The shop sends a quote from the conversation."""
    form = forms.QuoteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Please check the quote: %(fields)s")
            % {
                "fields": ", ".join(
                    str(form.fields[f].label) for f in form.errors if f in form.fields
                )
            },
        )
        return redirect(reverse("conversations:thread", kwargs={"pk": pk}) + "#quote")
    try:
        services.quote_create(conversation_id=pk, actor=request.user, **form.cleaned_data)
    except ConversationError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Quote sent."))
    return redirect("conversations:thread", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def quote_accept(request, pk: int):
    """The buyer accepts a quote: shipping address and currency, then the deposit's pay page."""
    try:
        quote, access = selectors.quote_for(user=request.user, quote_id=pk)
    except ConversationError:
        raise Http404 from None
    if access.side != Side.BUYER:
        raise Http404
    initial = {"currency": _currency(request), "country": getattr(request.user, "country", "")}
    form = forms.AcceptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commission = services.quote_accept(
                quote_id=pk,
                buyer=request.user,
                currency=data["currency"],
                address={k: data[k] for k in forms.ADDRESS_FIELDS},
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if commission.status == Commission.Status.AWAITING_DEPOSIT:
                return redirect("payments:pay", number=commission.deposit_order.number)
            return redirect("conversations:commission", pk=commission.pk)
    prices = services.quote_prices(quote)
    currency = form["currency"].value() or _currency(request)
    rate = exchange_rate(currency) if currency in ("MAD", "EUR", "USD") else 1
    return render(
        request,
        "conversations/accept.html",
        {
            "form": form,
            "quote": quote,
            "prices": prices,
            "deposit_buyer": convert_from_mad(prices["deposit"], currency, rate),
            "price_buyer": convert_from_mad(quote.price_mad, currency, rate),
            "buyer_currency": currency,
            "expired": quote.is_expired(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def quote_close(request, pk: int, action: str):
    """The buyer declines, or the shop withdraws, an open quote."""
    if action not in ("decline", "withdraw"):
        raise Http404
    try:
        quote, _ = selectors.quote_for(user=request.user, quote_id=pk)
        service = services.quote_decline if action == "decline" else services.quote_withdraw
        service(quote_id=pk, actor=request.user)
    except ConversationError as error:
        if error.status == 404:
            raise Http404 from None
        return refuse(request, error, "conversations:inbox")
    return redirect("conversations:thread", pk=quote.conversation_id)


def _commission(request, pk: int):
    try:
        commission, access = selectors.commission_for(user=request.user, commission_id=pk)
    except ConversationError:
        raise Http404 from None
    if access.staff:
        services.conversation_staff_open(
            conversation_id=commission.conversation_id, actor=request.user, reason="page"
        )
    return commission, access


@login_required
def commission(request, pk: int):
    """A commissioned piece: where it stands, progress photos, what is due, cancelling terms."""
    commission, access = _commission(request, pk)
    try:
        payable = selectors.commission_payable_order(commission)
    except ConversationError:
        payable = None
    updates = selectors.conversation_messages(
        conversation=commission.conversation, staff=access.staff
    ).filter(commission=commission)
    balance_part = None
    if commission.balance_order_id:
        balance_part = commission.balance_order.shop_orders.first()
    return render(
        request,
        "conversations/commission.html",
        {
            "layout": _layout(access.side),
            "seller": _seller(request) if access.side == Side.SHOP else None,
            "commission": commission,
            "access": access,
            "payable": payable,
            "updates": updates,
            "terms": selectors.commission_cancel_terms(commission, access.side)
            if not access.staff
            else None,
            "overdue": commission.overdue(),
            "balance_part": balance_part,
            "form": forms.MessageForm(),
        },
    )


@login_required
@require_POST
def commission_action(request, pk: int, action: str):
    """Pay (to the pay page), start, post progress, mark ready, or cancel a commission."""
    commission, access = _commission(request, pk)
    try:
        if action == "pay":
            order = selectors.commission_payable_order(commission)
            if access.side != Side.BUYER:
                raise Http404
            return redirect("payments:pay", number=order.number)
        if action == "start":
            services.commission_start_work(commission_id=pk, actor=request.user)
        elif action == "progress":
            form = forms.MessageForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, _("Write a message or add a photo."))
                return redirect("conversations:commission", pk=pk)
            services.commission_post_progress(
                commission_id=pk,
                actor=request.user,
                text=form.cleaned_data["text"],
                photos=request.FILES.getlist("photos"),
            )
            messages.success(request, _("Progress update posted."))
        elif action == "ready":
            services.commission_mark_ready(commission_id=pk, actor=request.user)
            messages.success(request, _("The buyer can now pay the balance."))
        elif action == "cancel":
            services.commission_cancel(
                commission_id=pk, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The commission is cancelled."))
        else:
            raise Http404
    except ConversationError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.message)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("conversations:commission", pk=pk)


@login_required
def workshop(request):
    """The shop's commissioned pieces: open quotes, pieces in progress by due date, overdue."""
    seller = _seller(request)
    if seller is None or not seller.can("orders"):
        raise Http404
    board = selectors.shop_commission_board(shop=seller.shop)
    return render(request, "conversations/workshop.html", {"seller": seller, "board": board})

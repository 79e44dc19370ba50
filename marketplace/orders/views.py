"""Cart, checkout and order pages (server-rendered; JavaScript only enhances)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.core.errors import DomainError
from marketplace.core.net import client_ip
from marketplace.core.ratelimit import LimitUnavailable
from marketplace.core.web import refuse

from . import selectors, services
from .context_processors import SESSION_CART_KEY
from .countries import COUNTRY_CHOICES, zone_for_country
from .errors import OrderError
from .forms import CheckoutForm, GuestAccountForm
from .links import SESSION_ORDERS_KEY, order_access, order_remember
from .status import BUYER_CANCELLABLE

SESSION_COUNTRY_KEY = "ship_country"


def _cart(request, *, create: bool = False):
    if request.user.is_authenticated:
        if create:
            return services.cart_get_or_create(user=request.user)
        return selectors.cart_for(user=request.user)
    token = request.session.get(SESSION_CART_KEY)
    if not token and create:
        token = request.session[SESSION_CART_KEY] = secrets.token_urlsafe(24)
    if not token:
        return None
    if create:
        return services.cart_get_or_create(session_key=token)
    return selectors.cart_for(session_key=token)


def _ship_country(request) -> str:
    chosen = request.GET.get("country") or request.session.get(SESSION_COUNTRY_KEY)
    if not chosen and request.user.is_authenticated:
        chosen = request.user.country
    chosen = (chosen or "MA").upper()
    return chosen if zone_for_country(chosen) else "MA"


def _safe_next(request, fallback: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        return nxt
    return fallback


@require_GET
def cart_view(request):
    """Show the cart grouped by shop, with shipping to the chosen country."""
    country = _ship_country(request)
    if request.GET.get("country") and zone_for_country(request.GET["country"]):
        request.session[SESSION_COUNTRY_KEY] = country
    priced = selectors.cart_priced(
        cart=_cart(request),
        zone=zone_for_country(country),
        currency=request.currency,
        country=country,
    )
    return render(
        request,
        "orders/cart.html",
        {"priced": priced, "country": country, "countries": COUNTRY_CHOICES},
    )


@require_POST
def cart_add(request):
    """Add pieces of a variant; refuse bad quantities with a message and change nothing."""
    fallback = reverse("orders:cart")
    try:
        services.cart_add(
            cart=_cart(request, create=True),
            variant_id=request.POST.get("variant"),
            quantity=request.POST.get("quantity", "1"),
        )
    except OrderError as err:
        return refuse(request, err, _safe_next(request, fallback))
    messages.success(request, _("Added to your cart."))
    return redirect(_safe_next(request, fallback))


@require_POST
def cart_line_update(request, line_id: int):
    """Change a cart line's quantity."""
    cart = _cart(request)
    if cart is None:
        raise Http404
    try:
        services.cart_update(cart=cart, line_id=line_id, quantity=request.POST.get("quantity"))
    except OrderError as err:
        if err.status == 404:
            raise Http404 from None
        return refuse(request, err, "orders:cart")
    return redirect("orders:cart")


@require_POST
def cart_line_remove(request, line_id: int):
    """Remove a cart line."""
    cart = _cart(request)
    if cart is None:
        raise Http404
    try:
        services.cart_remove(cart=cart, line_id=line_id)
    except OrderError:
        raise Http404 from None
    messages.success(request, _("Removed from your cart."))
    return redirect("orders:cart")


def _pay_url(number: str, method: str = "card") -> str:
    try:
        if method == "cod":  # the code sent to the buyer's phone confirms the order
            return reverse("payments:cod_confirm", kwargs={"number": number})
        return reverse("payments:pay", kwargs={"number": number})
    except NoReverseMatch:  # payments not wired yet: the order page says what is due
        return reverse("orders:order_detail", kwargs={"number": number})


@require_http_methods(["GET", "POST"])
def checkout(request):
    """Collect the address and currency, review the order, place it, go to payment."""
    cart = _cart(request)
    user = request.user if request.user.is_authenticated else None
    initial = {
        "email": user.email if user else "",
        "name": user.get_full_name() if user and user.display_name else "",
        "country": _ship_country(request),
        # checkout.js asks for the totals of another currency with ?currency= (a safe GET).
        "currency": (
            request.GET["currency"]
            if request.GET.get("currency") in settings.CURRENCIES
            else request.currency
        ),
        "token": secrets.token_urlsafe(24),
    }
    saved = list(user.addresses.all()) if user else []
    if saved and request.method == "GET":
        # The address asked for (?address=<id>), else the default: the buyer can still edit it.
        wanted = request.GET.get("address", "")
        use = next((a for a in saved if str(a.pk) == wanted), None) or saved[0]
        initial.update(use.as_checkout())
        initial["email"] = initial["email"] or user.email
    form = CheckoutForm(request.POST or None, initial=initial)
    status = 200
    country, currency = initial["country"], initial["currency"]
    if request.method == "POST":
        if form.is_valid():
            country, currency = form.cleaned_data["country"], form.cleaned_data["currency"]
            request.session[SESSION_COUNTRY_KEY] = country
            if request.POST.get("action") == "place":
                try:
                    order = services.order_place(
                        cart=cart or _cart(request, create=True),
                        email=form.cleaned_data["email"],
                        address=form.address(),
                        currency=currency,
                        buyer=user,
                        language=request.LANGUAGE_CODE,
                        idempotency_key=form.cleaned_data["token"] or None,
                        payment_method=form.cleaned_data["payment_method"],
                    )
                except OrderError as err:
                    messages.error(request, err.message)
                    status = err.status
                else:
                    order_remember(request, order.number)
                    return redirect(_pay_url(order.number, order.payment_method))
        else:
            status = 400
            country = request.POST.get("country") or country
            currency = request.POST.get("currency") or currency
    if not zone_for_country(country):
        country = "MA"
    zone = zone_for_country(country)
    currency = currency if currency in ("MAD", "EUR", "USD") else "MAD"
    priced = selectors.cart_priced(
        cart=_cart(request), zone=zone, currency=currency, country=country
    )
    if priced.is_empty and status == 200:
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    phone = (form.data.get("phone") or "").strip() if form.is_bound else ""
    offers = selectors.checkout_offers(
        priced=priced, country=country, phone=phone or None, buyer_id=getattr(user, "pk", None)
    )
    chosen = form.data.get("payment_method") if form.is_bound else None
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "priced": priced,
            "pay_currency": currency,
            "offers": {offer.code: offer for offer in offers},
            "chosen_method": chosen if chosen in ("card", "cod") else "card",
            "saved_addresses": saved,
        },
        status=status,
    )


def _order_visible(request, order) -> bool:
    return order_access(request, order)


@require_GET
def order_list(request):
    """List the buyer's orders (a guest sees the orders placed in this browser)."""
    if request.user.is_authenticated:
        orders = selectors.orders_for_buyer(user=request.user)
    else:
        numbers = request.session.get(SESSION_ORDERS_KEY, [])
        if not numbers:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        orders = selectors.orders_for_numbers(numbers=numbers)
    return render(request, "orders/order_list.html", {"orders": orders})


@require_GET
def order_detail(request, number: str):
    """Show an order: each shop's part, its status, tracking and the timeline."""
    order = selectors.order_by_number(number=number)
    if order is None or not _order_visible(request, order):
        raise Http404
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "timeline": selectors.order_timeline(order=order, emails_to=order.email),
            "cancellable": BUYER_CANCELLABLE,
            "pay_url": _pay_url(order.number, order.payment_method),
            "timeout_minutes": selectors.unpaid_timeout_minutes(),
        },
    )


@require_POST
def guest_account(request, number: str):
    """Start an account for a guest's order e-mail: a confirmation link goes to that address."""
    order = selectors.order_by_number(number=number)
    if order is None or not _order_visible(request, order):
        raise Http404
    if request.user.is_authenticated or order.buyer_id is not None:
        return redirect("orders:order_detail", number=number)
    form = GuestAccountForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("orders:order_detail", number=number)
    try:
        services.guest_account_create(
            numbers=request.session.get(SESSION_ORDERS_KEY, []),
            email=order.email,
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"] or order.ship_name,
            language=request.LANGUAGE_CODE,
            ip=client_ip(request),
        )
    except (DomainError, LimitUnavailable) as err:
        messages.error(request, getattr(err, "message", "") or _("Please try again in a minute."))
        return redirect("orders:order_detail", number=number)
    # The same answer whether or not the address already had an account.
    messages.success(
        request,
        _(
            "We sent a link to %(email)s: open it to finish creating your account. "
            "This order stays here meanwhile."
        )
        % {"email": order.email},
    )
    return redirect("orders:order_detail", number=number)


@require_POST
def shop_order_cancel(request, number: str, shop_order_id: int):
    """Let the buyer cancel one shop's part until the shop accepts it."""
    order = selectors.order_by_number(number=number)
    if order is None or not _order_visible(request, order):
        raise Http404
    shop_order = next((so for so in order.shop_orders.all() if so.pk == shop_order_id), None)
    if shop_order is None:
        raise Http404
    try:
        services.shop_order_cancel(
            shop_order_id=shop_order.pk,
            actor=request.user if request.user.is_authenticated else None,
            reason=_("Cancelled by the buyer"),
            by_buyer=True,
        )
    except OrderError as err:
        return refuse(request, err, "orders:order_detail", number=number)
    messages.success(request, _("This part of your order is cancelled."))
    return redirect("orders:order_detail", number=number)

"""Pages: the hearts and follow buttons (forms that work without JavaScript), the favourites
page, the alerts and e-mails preferences page, recently viewed cards, unsubscribe links."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.catalogue.selectors import product_cards, products_public

from . import selectors, services
from .errors import FavouriteError
from .forms import AlertSettingsForm
from .models import Follow, StockAlert
from .session import session_set

RECENT_LIMIT = 8


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, fallback: str) -> str:
    """Where to go after a form: `next`, else the page the form was on, else `fallback`."""
    for candidate in (request.POST.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, {request.get_host()}, request.is_secure()
        ):
            return candidate
    return fallback


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _problem(request, error: FavouriteError):
    if _wants_json(request):
        return _private(JsonResponse(error.as_dict(), status=error.status))
    response = render(
        request,
        "favourites/problem.html",
        {"message": error.message, "back": _back(request, f"/{request.LANGUAGE_CODE}/")},
        status=error.status,
    )
    return _private(response)


def _done(request, *, on: bool, message: str, fallback: str):
    if _wants_json(request):
        return _private(JsonResponse({"on": on, "message": message}))
    messages.success(request, message)
    return redirect(_back(request, fallback))


def _heart(request, on: bool):
    from .services.favourites import favourable_product_id

    lang = request.LANGUAGE_CODE
    try:
        if request.user.is_authenticated:
            if on:
                services.favourite_add(user=request.user, product_id=request.POST.get("product"))
            else:
                services.favourite_remove(user=request.user, product_id=request.POST.get("product"))
        else:
            pk = favourable_product_id(request.POST.get("product"))
            session_set(request.session, "products", pk, on)
    except FavouriteError as error:
        return _problem(request, error)
    message = _("Saved to your favourites.") if on else _("Removed from your favourites.")
    return _done(request, on=on, message=message, fallback=f"/{lang}/favourites/")


@require_POST
def favourite_add(request):
    """Save a piece to the visitor's favourites (the account's, or the session's)."""
    return _heart(request, True)


@require_POST
def favourite_remove(request):
    """Take a piece out of the visitor's favourites."""
    return _heart(request, False)


def _follow(request, on: bool):
    from .services.favourites import followable_shop_id

    lang = request.LANGUAGE_CODE
    try:
        if request.user.is_authenticated:
            if on:
                services.follow_add(user=request.user, shop_id=request.POST.get("shop"))
            else:
                services.follow_remove(user=request.user, shop_id=request.POST.get("shop"))
        else:
            pk = followable_shop_id(request.POST.get("shop"))
            session_set(request.session, "shops", pk, on)
    except FavouriteError as error:
        return _problem(request, error)
    if on:
        message = _("You follow this shop: its new pieces come to you once a week at most.")
    else:
        message = _("You no longer follow this shop.")
    return _done(request, on=on, message=message, fallback=f"/{lang}/favourites/")


@require_POST
def follow(request):
    """Follow a shop (weekly e-mail of its new pieces once signed in)."""
    return _follow(request, True)


@require_POST
def unfollow(request):
    """Stop following a shop."""
    return _follow(request, False)


@require_POST
def alert_add(request):
    """Ask to be told when a sold-out variant is back; a visitor logs in first."""
    lang = request.LANGUAGE_CODE
    if not request.user.is_authenticated:
        back = _back(request, f"/{lang}/")
        if _wants_json(request):
            return _private(
                JsonResponse(
                    {"code": "login_required", "message": _("Log in to get an e-mail.")},
                    status=401,
                )
            )
        messages.info(request, _("Log in or create an account, and we will e-mail you."))
        return redirect(f"/{lang}/account/login/?next={quote(back)}")
    try:
        services.stock_alert_create(user=request.user, variant_id=request.POST.get("variant"))
    except FavouriteError as error:
        return _problem(request, error)
    return _done(
        request,
        on=True,
        message=_("We will e-mail you once when it is back."),
        fallback=f"/{lang}/favourites/alerts/",
    )


@require_GET
def favourites_page(request):
    """Show the pieces the visitor loves and the shops they follow."""
    user = request.user if request.user.is_authenticated else None
    session = request.session if user is None else None
    response = render(
        request,
        "favourites/list.html",
        {
            "products": selectors.favourite_products(user=user, session=session),
            "follows": selectors.followed_shops(user=user, session=session),
        },
    )
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def alerts_page(request):
    """List every subscription (alerts, followed shops' e-mails, cart reminder); change them."""
    user = request.user
    prefs = services.alert_settings_for(user)
    form = AlertSettingsForm(request.POST or None, initial={"cart_reminder": prefs.cart_reminder})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "settings" and form.is_valid():
                services.alert_settings_update(
                    user=user, cart_reminder=form.cleaned_data["cart_reminder"]
                )
            elif action == "cancel_alert":
                services.stock_alert_cancel(user=user, alert_id=request.POST.get("alert"))
            elif action in ("digest_on", "digest_off"):
                services.follow_set_digest(
                    user=user, shop_id=request.POST.get("shop"), digest=action == "digest_on"
                )
            elif action == "unfollow":
                services.follow_remove(user=user, shop_id=request.POST.get("shop"))
            else:
                return _private(render(request, "favourites/problem.html", {
                    "message": _("Please check the form."), "back": request.path,
                }, status=400))  # fmt: skip
        except FavouriteError as error:
            return _problem(request, error)
        messages.success(request, _("Your choices were saved."))
        return redirect("favourites:alerts")
    context = {
        "form": form,
        "alerts": list(selectors.stock_alerts_of(user)),
        "follows": list(Follow.objects.filter(user=user).select_related("shop")),
        "told": StockAlert.objects.filter(user=user, notified_at__isnull=False).count(),
    }
    return _private(render(request, "favourites/alerts.html", context))


_CARDS = engines["django"].from_string("{% load catalogue_tags %}{% product_cards products %}")


@require_GET
def recent(request):
    """Answer the cards of the pieces this browser viewed (ids kept by the browser, not us)."""
    ids = []
    for part in request.GET.get("ids", "").split(",")[:RECENT_LIMIT]:
        if part.isdigit() and len(part) < 10 and int(part) not in ids:
            ids.append(int(part))
    found = {p.pk: p for p in product_cards(products_public().filter(pk__in=ids))}
    products = [found[pk] for pk in ids if pk in found]
    html = _CARDS.render({"products": products}, request) if products else ""
    return _private(JsonResponse({"ids": [p.pk for p in products], "html": html}))


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop the e-mails a signed link names, logged in or not; the link works once."""
    try:
        if request.method == "POST":
            done = services.unsubscribe(token=token)
            response = render(request, "favourites/unsubscribed.html", done)
        else:
            what = services.unsubscribe_describe(token=token)
            response = render(request, "favourites/unsubscribe.html", what)
    except FavouriteError as error:
        response = render(
            request,
            "favourites/unsubscribed.html",
            {"error": error.message, "code": error.code},
            status=error.status,
        )
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return _private(response)

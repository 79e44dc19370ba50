"""Reports: the moderators' queue and decisions, and the public report form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.conversations.models import Message
from marketplace.conversations.selectors import conversation_messages
from marketplace.conversations.services import conversation_staff_open
from marketplace.core.errors import DomainError
from marketplace.core.net import client_ip
from marketplace.reviews.models import Review

from .. import selectors, services
from ..forms import ReportForm, ResolveForm
from .common import base, moderator_required, refused


def _flag_targets(groups: list[dict]) -> list[dict]:
    products = Product.objects.in_bulk([g["product_id"] for g in groups if g["product_id"]])
    shops = Shop.objects.in_bulk([g["shop_id"] for g in groups if g["shop_id"]])
    reviews = Review.objects.in_bulk([g["review_id"] for g in groups if g["review_id"]])
    reported = Message.objects.in_bulk([g["message_id"] for g in groups if g.get("message_id")])
    out = []
    for g in groups:
        if g["product_id"]:
            kind, pk, obj = "product", g["product_id"], products.get(g["product_id"])
        elif g["shop_id"]:
            kind, pk, obj = "shop", g["shop_id"], shops.get(g["shop_id"])
        elif g.get("message_id"):
            kind, pk, obj = "message", g["message_id"], reported.get(g["message_id"])
        else:
            kind, pk, obj = "review", g["review_id"], reviews.get(g["review_id"])
        out.append({"kind": kind, "pk": pk, "obj": obj, "count": g["count"]})
    return out


@require_GET
@moderator_required
def report_queue(request):
    """List reported items with their number of open reports."""
    ctx = base(request, "reports")
    ctx["items"] = _flag_targets(selectors.flags_open_grouped())
    return render(request, "moderation/report_queue.html", ctx)


@require_http_methods(["GET", "POST"])
@moderator_required
def report_detail(request, kind: str, pk: int):
    """Show every report about one item, and resolve them together."""
    if kind not in ("product", "shop", "review", "message"):
        raise Http404
    model = {"product": Product, "shop": Shop, "review": Review, "message": Message}[kind]
    obj = get_object_or_404(model, pk=pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.flag_resolve(
                kind=kind,
                pk=pk,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            return refused(request, exc, request.path)
        messages.success(request, _("%(n)d report(s) resolved.") % {"n": n})
        return redirect("moderation:report_queue")
    ctx = base(request, "reports")
    ctx.update(kind=kind, obj=obj, flags=selectors.flags_for(kind=kind, pk=pk), form=form)
    if kind == "message":
        # The moderator sees the whole conversation; reading it is written to the audit log.
        access = conversation_staff_open(
            conversation_id=obj.conversation_id, actor=request.user, reason="report"
        )
        ctx.update(
            access=access,
            conversation=access.conversation,
            items=conversation_messages(conversation=access.conversation, staff=True),
        )
    return render(request, "moderation/report_detail.html", ctx)


def _client_ip(request) -> str:
    return client_ip(request)  # NUM_PROXIES decides whether X-Forwarded-For is trusted


@require_http_methods(["GET", "POST"])
def report_create(request, kind: str, pk: int):
    """Let any visitor report a product, shop or review (rate-limited: 429 when exceeded)."""
    try:
        obj = services.flags.reportable(kind=kind, pk=pk, reporter=request.user)
    except DomainError as exc:
        raise Http404 from exc
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            limited = services.flag_rate_limited(reporter=request.user, ip=_client_ip(request))
        except DomainError as exc:  # the counters cannot be read: 503, try again shortly
            return render(
                request, "moderation/report_throttled.html", {"error": exc}, status=exc.status
            )
        if limited:
            return render(request, "moderation/report_throttled.html", status=429)
        if form.is_valid():
            try:
                services.flag_create(
                    kind=kind,
                    pk=pk,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    reporter=request.user,
                    ip=_client_ip(request),
                )
            except DomainError as exc:
                return render(
                    request, "moderation/report_throttled.html", {"error": exc}, status=exc.status
                )
            return render(request, "moderation/report_thanks.html", {"obj": obj, "kind": kind})
        status = 400
    return render(
        request,
        "moderation/report_form.html",
        {"form": form, "obj": obj, "kind": kind},
        status=status,
    )

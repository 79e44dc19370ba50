"""The product queue: approve or reject one piece, or several at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from marketplace.catalogue.models import Product
from marketplace.core.errors import DomainError

from .. import selectors, services
from ..forms import ReasonForm
from ..models import Flag
from ..reasons import ProductRejectReason
from .common import base, moderator_required, refused


@require_GET
@moderator_required
def product_queue(request):
    """List products waiting for review, with bulk approve / reject."""
    ctx = base(request, "products")
    page = Paginator(selectors.products_pending(), 50).get_page(request.GET.get("page"))
    ctx.update(page=page, reject_form=ReasonForm(choices=ProductRejectReason))
    return render(request, "moderation/product_queue.html", ctx)


@require_GET
@moderator_required
def product_detail(request, pk: int):
    """Show a product's photos, text in every language, variants and its seller's history."""
    product = get_object_or_404(
        Product.objects.select_related(
            "shop__artisan", "shop__cooperative", "category", "maker"
        ).prefetch_related("images", "variants", "materials"),
        pk=pk,
    )
    ctx = base(request, "products")
    ctx.update(
        product=product,
        texts=[
            (code, getattr(product, f"title_{code}"), getattr(product, f"description_{code}"))
            for code in ("ar", "fr", "en", "es")
        ],
        history=selectors.shop_history(shop=product.shop),
        reject_form=ReasonForm(choices=ProductRejectReason),
        flags=Flag.objects.filter(product=product, status=Flag.Status.OPEN),
    )
    return render(request, "moderation/product_detail.html", ctx)


@require_POST
@moderator_required
def product_action(request, pk: int, action: str):
    """Approve or reject one product."""
    back = reverse("moderation:product_detail", args=[pk])
    if action not in ("approve", "reject"):
        raise Http404
    form = ReasonForm(request.POST, choices=ProductRejectReason, required=action == "reject")
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    try:
        if action == "approve":
            services.product_approve(product_id=pk, actor=request.user)
            messages.success(request, _("Product approved and published."))
        else:
            services.product_reject(
                product_id=pk,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
            )
            messages.success(request, _("Product refused; the seller has received the reason."))
    except DomainError as exc:
        return refused(request, exc, back)
    return redirect("moderation:product_queue")


@require_POST
@moderator_required
def product_bulk(request):
    """Approve or reject the ticked products of the queue."""
    back = reverse("moderation:product_queue")
    ids = [int(v) for v in request.POST.getlist("product") if v.isdigit()]
    action = request.POST.get("action")
    if not ids:
        messages.error(request, _("Tick at least one product."))
        return redirect(back)
    form = ReasonForm(request.POST, choices=ProductRejectReason, required=action == "reject")
    if action not in ("approve", "reject") or not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    try:
        if action == "approve":
            done, skipped = services.product_bulk_approve(product_ids=ids, actor=request.user)
        else:
            done, skipped = services.product_bulk_reject(
                product_ids=ids,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
            )
    except DomainError as exc:
        return refused(request, exc, back)
    messages.success(
        request,
        _("%(done)d product(s) done, %(skipped)d skipped (already decided).")
        % {"done": done, "skipped": skipped},
    )
    return redirect(back)

"""The dashboard and the shop queue: verify, reject, suspend, reinstate."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from artisans.models import Shop
from marketplace.core.errors import DomainError
from marketplace.core.private_files import private_file_response

from .. import selectors, services
from ..forms import ReasonForm
from ..models import Flag
from ..reasons import ShopRejectReason, SuspendReason
from .common import base, moderator_required, refused


@require_GET
@moderator_required
def dashboard(request):
    """Show the queues with their counts."""
    ctx = base(request, "dashboard")
    ctx["recent"] = selectors.audit_search()[:10]
    return render(request, "moderation/dashboard.html", ctx)


@require_GET
@moderator_required
def shop_queue(request):
    """List shops waiting for verification."""
    ctx = base(request, "shops")
    ctx["shops"] = selectors.shops_pending()
    ctx["others"] = Shop.objects.filter(status=Shop.Status.SUSPENDED).order_by("name")
    return render(request, "moderation/shop_queue.html", ctx)


@require_GET
@moderator_required
def shop_detail(request, pk: int):
    """Show what is needed to decide on a shop, and the decisions open to its status."""
    shop = get_object_or_404(Shop.objects.select_related("artisan", "cooperative"), pk=pk)
    ctx = base(request, "shops")
    ctx.update(
        shop=shop,
        documents=selectors.shop_documents(shop=shop),
        history=selectors.shop_history(shop=shop),
        contacts=selectors.shop_contacts(shop=shop),
        verify_missing=selectors.shop_verify_missing(shop=shop),
        members=shop.cooperative.memberships.select_related("artisan")
        if shop.cooperative_id
        else [],
        reject_form=ReasonForm(choices=ShopRejectReason),
        suspend_form=ReasonForm(choices=SuspendReason),
        flags=Flag.objects.filter(shop=shop, status=Flag.Status.OPEN),
    )
    return render(request, "moderation/shop_detail.html", ctx)


@require_GET
@moderator_required
def shop_document(request, pk: int, doc: int):
    """Hand a shop's verification document to a moderator (the read is audited)."""
    shop = get_object_or_404(Shop, pk=pk)
    found = next((d for d in selectors.shop_documents(shop=shop) if d.pk == doc), None)
    if found is None:
        raise Http404
    return private_file_response(request, found.file, obj=found, content_type=found.content_type)


@require_POST
@moderator_required
def shop_action(request, pk: int, action: str):
    """Verify, reject, suspend or reinstate a shop."""
    back = reverse("moderation:shop_detail", args=[pk])
    choices = {"reject": ShopRejectReason, "suspend": SuspendReason}.get(action)
    form = ReasonForm(request.POST, choices=choices, required=action in ("reject", "suspend"))
    if action not in ("verify", "reject", "suspend", "reinstate"):
        raise Http404
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    code, text = form.cleaned_data["reason_code"], form.cleaned_data["reason"]
    try:
        if action == "verify":
            services.shop_verify(shop_id=pk, actor=request.user)
            messages.success(request, _("Shop verified; the seller has been told."))
        elif action == "reject":
            services.shop_reject(shop_id=pk, actor=request.user, reason=text, reason_code=code)
            messages.success(request, _("Shop refused; the seller has received the reason."))
        elif action == "suspend":
            services.shop_suspend(shop_id=pk, actor=request.user, reason=text, reason_code=code)
            messages.success(request, _("Shop suspended: its products are hidden, payouts paused."))
        else:
            services.shop_reinstate(shop_id=pk, actor=request.user, reason=text)
            messages.success(request, _("Suspension lifted: products visible, payouts resumed."))
    except DomainError as exc:
        return refused(request, exc, back)
    return redirect("moderation:shop_queue" if action in ("verify", "reject") else back)

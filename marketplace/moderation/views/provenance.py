"""Label claims to check, makers' disputed payments, and the cooperatives' payment figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from marketplace.core.errors import DomainError
from marketplace.provenance import selectors as provenance_selectors
from marketplace.provenance import services as provenance_services
from marketplace.provenance.models import LabelClaim

from .common import base, moderator_required, refused


@require_GET
@moderator_required
def label_queue(request):
    """List label claims waiting for a check, and disputed payments to makers."""
    ctx = base(request, "labels")
    ctx.update(
        claims=provenance_selectors.claims_pending(),
        disputes=provenance_selectors.payments_disputed(),
        figures=provenance_selectors.payment_figures(),
        recent=LabelClaim.objects.exclude(status=LabelClaim.Status.PENDING)
        .select_related("label", "shop", "decided_by")
        .order_by("-decided_at", "-pk")[:20],
    )
    return render(request, "moderation/label_queue.html", ctx)


@require_POST
@moderator_required
def label_action(request, pk: int, action: str):
    """Verify a claim, or refuse it with a reason (both audited)."""
    back = reverse("moderation:label_queue")
    try:
        if action == "verify":
            provenance_services.label_claim_verify(
                claim_id=pk, actor=request.user, note=request.POST.get("reason", "")
            )
            messages.success(request, _("The label is verified and shows from now on."))
        elif action == "refuse":
            provenance_services.label_claim_refuse(
                claim_id=pk, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The claim is refused; the shop sees your reason."))
        else:
            raise Http404
    except DomainError as exc:
        return refused(request, exc, back)
    return redirect(back)


@require_POST
@moderator_required
def dispute_resolve(request, pk: int):
    """Close a maker's disputed payment after following it up, with a note (audited)."""
    back = reverse("moderation:label_queue")
    try:
        provenance_services.member_payment_resolve(
            payment_id=pk, actor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        return refused(request, exc, back)
    messages.success(request, _("The dispute is closed."))
    return redirect(back)


@require_GET
@moderator_required
def claim_document(request, pk: int):
    """Hand a claim's certificate document to a moderator (the read is audited)."""
    from marketplace.core.private_files import private_file_response

    claim = get_object_or_404(LabelClaim, pk=pk)
    return private_file_response(request, claim.document, obj=claim)

"""The review queue: hide a review or mark it read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from marketplace.core.errors import DomainError
from marketplace.reviews import services as review_services

from .. import selectors
from .common import base, moderator_required, refused


@require_GET
@moderator_required
def review_queue(request):
    """List new reviews to read (reported and low-rated first)."""
    ctx = base(request, "reviews")
    ctx["page"] = Paginator(selectors.reviews_to_check(), 30).get_page(request.GET.get("page"))
    return render(request, "moderation/review_queue.html", ctx)


@require_POST
@moderator_required
def review_action(request, pk: int, action: str):
    """Mark a review as checked, or hide it with a reason."""
    back = reverse("moderation:review_queue")
    try:
        if action == "check":
            review_services.review_mark_checked(review_id=pk, actor=request.user)
            messages.success(request, _("Review kept."))
        elif action == "hide":
            review_services.review_hide(
                review_id=pk, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Review hidden."))
        else:
            raise Http404
    except DomainError as exc:
        return refused(request, exc, back)
    return redirect(back)

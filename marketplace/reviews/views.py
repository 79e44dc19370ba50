"""Buyer pages: the pieces to review, the review form; the shop's one reply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from artisans.selectors import shop_managed_by
from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderLine

from . import selectors, services
from .forms import ReplyForm, ReviewForm
from .models import Review


@require_GET
@login_required
def my_reviews(request):
    """List the buyer's delivered pieces waiting for a review, and the reviews written."""
    return render(
        request,
        "reviews/my_reviews.html",
        {
            "lines": selectors.lines_to_review(buyer=request.user),
            "reviews": selectors.buyer_reviews(buyer=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_write(request, line_id: int):
    """Rate one delivered order line (1–5 stars, text, optional photo)."""
    line = get_object_or_404(
        OrderLine.objects.select_related("shop_order__shop", "product"),
        pk=line_id,
        shop_order__order__buyer=request.user,
    )
    form = ReviewForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_create(
                    order_line_id=line.pk,
                    buyer=request.user,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["text"],
                    photo=form.cleaned_data["photo"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Thank you for your review!"))
                return redirect("reviews:mine")
        else:
            status = 400
    return render(request, "reviews/write.html", {"form": form, "line": line}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def review_reply(request, pk: int):
    """Let the shop answer a review once, in public."""
    review = get_object_or_404(Review.objects.select_related("shop", "product"), pk=pk)
    if not shop_managed_by(shop=review.shop, user=request.user):
        raise Http404
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.review_reply(review_id=pk, user=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Your reply is published."))
            return redirect("reviews:reply", pk=pk)
    return render(request, "reviews/reply.html", {"form": form, "review": review}, status=status)

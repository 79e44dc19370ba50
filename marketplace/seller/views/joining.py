"""Joining: the "Sell on Souk" page, the application steps, documents, sending it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from artisans import selectors as artisans_selectors
from artisans import services
from artisans.models import Shop, ShopDocument
from marketplace.core.errors import DomainError
from marketplace.core.private_files import private_file_response

from .. import forms
from .common import refuse, seller_page, seller_required


@require_http_methods(["GET"])
def sell_home(request):
    """Show "Sell on Souk" to newcomers; sellers go to their dashboard or application."""
    access = artisans_selectors.seller_access(request.user)
    if access is not None:
        if access.shop.status == Shop.Status.VERIFIED or not access.can("application"):
            return redirect("artisans:dashboard")
        return redirect("artisans:application")
    return render(request, "artisans/landing.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, kind: str):
    """Start an application as an individual artisan or as a cooperative."""
    if kind not in ("artisan", "cooperative"):
        raise Http404
    if artisans_selectors.seller_access(request.user) is not None:
        return redirect("artisans:application")
    form_class = forms.ApplyCooperativeForm if kind == "cooperative" else forms.ApplyArtisanForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_application_start(user=request.user, kind=kind, **form.cleaned_data)
        except DomainError as error:
            return refuse(request, error, "artisans:home")
        messages.success(request, _("Step 1 done. Now tell buyers your story."))
        return redirect("artisans:settings")
    return seller_page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": (
                _("Join as a cooperative") if kind == "cooperative" else _("Join as an artisan")
            ),
            "icon": "people" if kind == "cooperative" else "person",
            "step": 1,
            "submit": _("Continue"),
        },
        form,
    )


@seller_required("application")
def application(request):
    """Show where the application stands, what is missing and why it was refused."""
    shop = request.seller.shop
    return seller_page(
        request,
        "application.html",
        {
            "shop": shop,
            "missing": artisans_selectors.application_missing(shop),
            "documents": shop.documents.all(),
            "editable": shop.status in (Shop.Status.DRAFT, Shop.Status.REJECTED),
        },
    )


@seller_required("application")
@require_http_methods(["GET", "POST"])
def identity(request):
    """Correct the identity part of an application."""
    shop = request.seller.shop
    owner = shop.owner
    if shop.is_cooperative:
        form_class = forms.IdentityCooperativeForm
        initial = {f: getattr(owner, f) for f in form_class.base_fields}
    else:
        form_class = forms.IdentityArtisanForm
        initial = {f: getattr(owner, f) for f in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_identity_update(
                shop_id=shop.pk, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            return refuse(request, error, "artisans:application")
        messages.success(request, _("Saved."))
        return redirect("artisans:application")
    return seller_page(
        request,
        "form_page.html",
        {"form": form, "title": _("About you"), "icon": "id-card", "step": 1, "submit": _("Save")},
        form,
    )


@seller_required("application")
@require_http_methods(["GET", "POST"])
def documents(request):
    """List and add the application's supporting documents."""
    shop = request.seller.shop
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_document_add(
                shop_id=shop.pk,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Document added."))
            return redirect("artisans:documents")
    return seller_page(
        request,
        "documents.html",
        {"form": form, "shop": shop, "documents": shop.documents.all(), "step": 3},
        form,
    )


@seller_required("application")
@require_http_methods(["GET"])
def document_file(request, pk: int):
    """Hand one of the application's documents to the shop's managers (a 404 to anyone else)."""
    doc = get_object_or_404(ShopDocument, pk=pk, shop=request.seller.shop)
    return private_file_response(request, doc.file, obj=doc, content_type=doc.content_type)


@seller_required("application")
@require_POST
def document_delete(request, pk: int):
    """Remove one of the application's documents."""
    doc = get_object_or_404(ShopDocument, pk=pk, shop=request.seller.shop)
    try:
        services.shop_document_delete(
            shop_id=request.seller.shop.pk, actor=request.user, document_id=doc.pk
        )
    except DomainError as error:
        return refuse(request, error, "artisans:documents")
    return redirect("artisans:documents")


@seller_required("application")
@require_POST
def application_submit(request):
    """Send the application to the moderators."""
    try:
        services.shop_submit_for_verification(shop_id=request.seller.shop.pk, actor=request.user)
    except DomainError as error:
        return refuse(request, error, "artisans:application")
    messages.success(request, _("Sent! We will check your shop and write to you."))
    return redirect("artisans:application")

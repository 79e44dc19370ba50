"""A cooperative's members: roles, removal, invitations and joining through one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from artisans import selectors as artisans_selectors
from artisans import services
from artisans.models import CooperativeInvite, Membership
from marketplace.core.errors import DomainError

from .. import forms
from .common import refuse, seller_page, seller_required


@seller_required("members")
@require_http_methods(["GET", "POST"])
def members(request):
    """List the cooperative's members and invite new ones by e-mail."""
    shop = request.seller.shop
    if not shop.is_cooperative:
        raise Http404
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperative_invite_create(
                shop_id=shop.pk, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Invitation sent."))
            return redirect("artisans:members")
    return seller_page(
        request,
        "members.html",
        {
            "form": form,
            "memberships": artisans_selectors.cooperative_members(shop),
            "invites": artisans_selectors.cooperative_open_invites(shop),
            "roles": Membership.Role.choices,
        },
        form,
    )


@seller_required("members")
@require_POST
def member_role(request, pk: int):
    """Change a member's role."""
    shop = request.seller.shop
    membership = get_object_or_404(Membership, pk=pk, cooperative_id=shop.cooperative_id)
    form = forms.RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(
                shop_id=shop.pk,
                actor=request.user,
                membership_id=membership.pk,
                role=form.cleaned_data["role"],
            )
        except DomainError as error:
            return refuse(request, error, "artisans:members")
        messages.success(request, _("Role changed."))
    return redirect("artisans:members")


@seller_required("members")
@require_POST
def member_remove(request, pk: int):
    """Remove a member from the cooperative."""
    shop = request.seller.shop
    membership = get_object_or_404(Membership, pk=pk, cooperative_id=shop.cooperative_id)
    try:
        services.membership_remove(shop_id=shop.pk, actor=request.user, membership_id=membership.pk)
    except DomainError as error:
        return refuse(request, error, "artisans:members")
    messages.success(request, _("Member removed."))
    return redirect("artisans:members")


@seller_required("members")
@require_POST
def invite_cancel(request, pk: int):
    """Withdraw an invitation."""
    shop = request.seller.shop
    invite = get_object_or_404(CooperativeInvite, pk=pk, cooperative_id=shop.cooperative_id)
    try:
        services.cooperative_invite_cancel(shop_id=shop.pk, actor=request.user, invite_id=invite.pk)
    except DomainError as error:
        return refuse(request, error, "artisans:members")
    return redirect("artisans:members")


@login_required
@require_http_methods(["GET", "POST"])
def invite_accept(request, token: str):
    """Join a cooperative through the invitation e-mailed to you."""
    invite = get_object_or_404(CooperativeInvite, token=token)
    if not invite.is_open or invite.email.lower() != request.user.email.lower():
        raise Http404
    form = forms.AcceptInviteForm(request.POST or None, initial={"name": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperative_invite_accept(token=token, user=request.user, **form.cleaned_data)
        except DomainError as error:
            return refuse(request, error, "artisans:home")
        messages.success(request, _("Welcome to %(coop)s!") % {"coop": invite.cooperative.name})
        return redirect("artisans:dashboard")
    return seller_page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Join %(coop)s") % {"coop": invite.cooperative.name},
            "icon": "people",
            "submit": _("Join"),
        },
        form,
    )

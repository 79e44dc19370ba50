"""The shop's settings: its story and photo, shipping prices, the payout bank account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from artisans import services
from artisans.models import ShippingRate, Shop
from marketplace.core.errors import DomainError
from marketplace.shipping.models import ShippingProfile
from marketplace.shipping.services import shipping_profile_set
from payments.selectors import cod_terms_for
from payments.services import cod_terms_set

from .. import forms
from .common import refuse, seller_page, seller_required


@seller_required("settings")
@require_http_methods(["GET", "POST"])
def shop_settings(request):
    """Edit the shop's story, tagline and photo."""
    shop = request.seller.shop
    form = forms.ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={"tagline": shop.tagline, "story": shop.story, "city": shop.city},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_profile_update(
                shop_id=shop.pk,
                actor=request.user,
                tagline=form.cleaned_data["tagline"],
                story=form.cleaned_data["story"],
                city=form.cleaned_data["city"],
                photo=form.cleaned_data.get("photo") or None,
            )
        except DomainError as error:
            form.add_error("photo", error.message)
        else:
            messages.success(request, _("Saved."))
            if shop.status in (Shop.Status.DRAFT, Shop.Status.REJECTED):
                return redirect("artisans:documents")
            return redirect("artisans:settings")
    return seller_page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Your story"),
            "icon": "book",
            "step": 2,
            "submit": _("Save and continue"),
            "multipart": True,
        },
        form,
    )


@seller_required("settings")
@require_http_methods(["GET", "POST"])
def shipping(request):
    """Set what the shop charges to ship to each zone."""
    shop = request.seller.shop
    rates = {r.zone: r for r in ShippingRate.objects.filter(shop=shop)}
    form = forms.ShippingForm(request.POST or None, rates=rates)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_shipping_rates_set(
                shop_id=shop.pk, actor=request.user, rates=form.rates()
            )
        except DomainError as error:
            return refuse(request, error, "artisans:shipping")
        messages.success(request, _("Shipping prices saved."))
        return redirect("artisans:shipping")
    return seller_page(
        request, "shipping.html", {"form": form, "profile_form": _profile_form(shop)}, form
    )


def _profile_form(shop, data=None):
    rates = (
        ShippingRate.objects.filter(shop=shop)
        .select_related("service")
        .prefetch_related("weight_bands")
        .order_by("zone")
    )
    profile = ShippingProfile.objects.filter(shop=shop).first()
    return forms.ShippingProfileForm(data, rates=list(rates), profile=profile)


@seller_required("settings")
@require_http_methods(["POST"])
def shipping_profile(request):
    """Set preparation days and, per zone served, pricing by weight, free shipping, carriers."""
    shop = request.seller.shop
    profile_form = _profile_form(shop, request.POST)
    if profile_form.is_valid():
        data = profile_form.cleaned_data
        try:
            shipping_profile_set(
                shop_id=shop.pk,
                actor=request.user,
                processing_days_min=data["processing_days_min"],
                processing_days_max=data["processing_days_max"],
                zones=profile_form.zones_terms(),
            )
        except DomainError as error:
            return refuse(request, error, "artisans:shipping")
        messages.success(request, _("Shipping abroad saved."))
        return redirect("artisans:shipping")
    rates = {r.zone: r for r in ShippingRate.objects.filter(shop=shop)}
    form = forms.ShippingForm(rates=rates)
    return seller_page(
        request, "shipping.html", {"form": form, "profile_form": profile_form}, profile_form
    )


@seller_required("payout")
@require_http_methods(["GET", "POST"])
def payout(request):
    """Set the bank account (RIB) payouts go to."""
    shop = request.seller.shop
    form = forms.PayoutForm(
        request.POST or None, initial={"holder": shop.payout_holder, "rib": shop.payout_rib}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_payout_update(
                shop_id=shop.pk,
                actor=request.user,
                holder=form.cleaned_data["holder"],
                rib=form.cleaned_data["rib"],
            )
        except DomainError as error:
            form.add_error("rib", error.message)
        else:
            messages.success(request, _("Bank details saved."))
            if shop.status in (Shop.Status.DRAFT, Shop.Status.REJECTED):
                return redirect("artisans:application")
            return redirect("artisans:payout")
    return seller_page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Bank details for payouts"),
            "icon": "bank",
            "step": 4,
            "submit": _("Save"),
        },
        form,
    )


@seller_required("settings")
@require_http_methods(["GET", "POST"])
def cash_on_delivery(request):
    """Take cash on delivery or not, the fee, who pays for a refused parcel's return."""
    shop = request.seller.shop
    terms = cod_terms_for(shop_id=shop.pk)
    form = forms.CodTermsForm(
        request.POST or None,
        initial={
            "enabled": terms.enabled if terms else False,
            "fee_mad": terms.fee_mad if terms else 0,
            "return_cost_payer": terms.return_cost_payer if terms else "",
            "return_cost_mad": terms.return_cost_mad if terms else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            cod_terms_set(shop_id=shop.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            return refuse(request, error, "artisans:cash_on_delivery")
        messages.success(request, _("Cash-on-delivery settings saved."))
        return redirect("artisans:cash_on_delivery")
    return seller_page(
        request,
        "cash_on_delivery.html",
        {"form": form, "max_mad": settings.COD_MAX_ORDER_MAD},
        form,
    )

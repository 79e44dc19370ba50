"""Seller pages under /<lang>/sell/: joining, shop settings, members, products, orders.

Every page checks the object belongs to the user's shop and their role allows the action;
anything else is a 404, the same answer as for an object that does not exist. Anonymous
visitors are sent to log in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.catalogue.models import Product, ProductImage, Variant
from marketplace.catalogue.services.listing import product_missing
from marketplace.core.errors import DomainError
from marketplace.orders import services as order_services

from . import forms, selectors, services
from .models import CooperativeInvite, Membership, ShippingRate, Shop, ShopDocument


def seller_required(permission: str):
    """Log in first; then the user's shop and role must allow `permission` (else 404)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            request.seller = selectors.seller_access_or_404(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _refuse(request, error: DomainError, to: str, *args):
    messages.error(request, error.message)
    return redirect(to, *args)


def _page(request, template: str, context: dict, form=None):
    status = 400 if form is not None and form.is_bound and form.errors else 200
    context.setdefault("seller", getattr(request, "seller", None))
    return render(request, f"artisans/{template}", context, status=status)


def _product(request, pk) -> Product:
    return get_object_or_404(Product, pk=pk, shop=request.seller.shop)


# --- Joining -----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def sell_home(request):
    """Show "Sell on Souk" to newcomers; sellers go to their dashboard or application."""
    access = selectors.seller_access(request.user)
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
    if selectors.seller_access(request.user) is not None:
        return redirect("artisans:application")
    form_class = forms.ApplyCooperativeForm if kind == "cooperative" else forms.ApplyArtisanForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_application_start(user=request.user, kind=kind, **form.cleaned_data)
        except DomainError as error:
            return _refuse(request, error, "artisans:home")
        messages.success(request, _("Step 1 done. Now tell buyers your story."))
        return redirect("artisans:settings")
    return _page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": (
                _("Join as a cooperative") if kind == "cooperative" else _("Join as an artisan")
            ),
            "icon": "🤝" if kind == "cooperative" else "🧑‍🎨",
            "step": 1,
            "submit": _("Continue"),
        },
        form,
    )


@seller_required("application")
def application(request):
    """Show where the application stands, what is missing and why it was refused."""
    shop = request.seller.shop
    return _page(
        request,
        "application.html",
        {
            "shop": shop,
            "missing": selectors.application_missing(shop),
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
            return _refuse(request, error, "artisans:application")
        messages.success(request, _("Saved."))
        return redirect("artisans:application")
    return _page(
        request,
        "form_page.html",
        {"form": form, "title": _("About you"), "icon": "🪪", "step": 1, "submit": _("Save")},
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
    return _page(
        request,
        "documents.html",
        {"form": form, "shop": shop, "documents": shop.documents.all(), "step": 3},
        form,
    )


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
        return _refuse(request, error, "artisans:documents")
    return redirect("artisans:documents")


@seller_required("application")
@require_POST
def application_submit(request):
    """Send the application to the moderators."""
    try:
        services.shop_submit_for_verification(shop_id=request.seller.shop.pk, actor=request.user)
    except DomainError as error:
        return _refuse(request, error, "artisans:application")
    messages.success(request, _("Sent! We will check your shop and write to you."))
    return redirect("artisans:application")


# --- Shop settings -----------------------------------------------------------------------------


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
    return _page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Your story"),
            "icon": "📖",
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
            return _refuse(request, error, "artisans:shipping")
        messages.success(request, _("Shipping prices saved."))
        return redirect("artisans:shipping")
    return _page(request, "shipping.html", {"form": form}, form)


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
    return _page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Bank details for payouts"),
            "icon": "🏦",
            "step": 4,
            "submit": _("Save"),
        },
        form,
    )


# --- Cooperative members -----------------------------------------------------------------------


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
    return _page(
        request,
        "members.html",
        {
            "form": form,
            "memberships": selectors.cooperative_members(shop),
            "invites": selectors.cooperative_open_invites(shop),
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
            return _refuse(request, error, "artisans:members")
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
        return _refuse(request, error, "artisans:members")
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
        return _refuse(request, error, "artisans:members")
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
            return _refuse(request, error, "artisans:home")
        messages.success(request, _("Welcome to %(coop)s!") % {"coop": invite.cooperative.name})
        return redirect("artisans:dashboard")
    return _page(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Join %(coop)s") % {"coop": invite.cooperative.name},
            "icon": "🤝",
            "submit": _("Join"),
        },
        form,
    )


# --- Products ----------------------------------------------------------------------------------


@seller_required("products")
def products(request):
    """List the shop's products with their status."""
    shop = request.seller.shop
    status = request.GET.get("status", "")
    if status not in Product.Status.values:
        status = ""
    return _page(
        request,
        "products.html",
        {
            "products": selectors.seller_products(shop, status=status),
            "status": status,
            "statuses": Product.Status.choices,
        },
    )


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_new(request):
    """Start a product: category and its title in Arabic."""
    form = forms.ProductNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = services.product_create(
                shop_id=request.seller.shop.pk,
                actor=request.user,
                category_id=data["category"].pk,
                title_ar=data["title_ar"],
                description_ar=data["description_ar"],
                maker_id=request.seller.artisan_id,
            )
        except DomainError as error:
            return _refuse(request, error, "artisans:products")
        messages.success(request, _("Product started. Add its details, variants and photos."))
        return redirect("artisans:product", product.pk)
    return _page(
        request,
        "form_page.html",
        {"form": form, "title": _("New product"), "icon": "🏺", "submit": _("Continue")},
        form,
    )


@seller_required("products")
def product(request, pk: int):
    """Show a product's overview: each section, what is missing, the actions."""
    item = _product(request, pk)
    return _page(
        request,
        "product.html",
        {
            "product": item,
            "images": item.images.all(),
            "variants": item.variants.all(),
            "missing": product_missing(item)
            if item.status in (Product.Status.DRAFT, Product.Status.REJECTED)
            else [],
        },
    )


def _product_form(request, item, form, template_ctx):
    return _page(request, "form_page.html", {"product": item, **template_ctx}, form)


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_text(request, pk: int):
    """Edit the title and description in each language."""
    item = _product(request, pk)
    fields = [f"{f}_{c}" for c in forms.LANG_NAMES for f in ("title", "description")]
    form = forms.ProductTextForm(
        request.POST or None, initial={f: getattr(item, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(product_id=item.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            return _refuse(request, error, "artisans:product", item.pk)
        messages.success(request, _("Saved."))
        return redirect("artisans:product", item.pk)
    return _page(request, "product_text.html", {"form": form, "product": item}, form)


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_details(request, pk: int):
    """Edit category, maker, materials, technique, region, size, weight and lead time."""
    item = _product(request, pk)
    initial = {
        "category": item.category_id,
        "maker": item.maker_id,
        "materials": list(item.materials.values_list("pk", flat=True)),
        **{f: getattr(item, f) for f in ("technique", "region", "dimensions", "weight_grams")},
        "made_to_order": item.made_to_order,
        "lead_time_days": item.lead_time_days,
    }
    form = forms.ProductDetailsForm(
        request.POST or None, initial=initial, makers=selectors.shop_makers(request.seller.shop)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        category = data.pop("category")
        maker = data.pop("maker", None)
        materials = data.pop("materials")
        data["lead_time_days"] = data.get("lead_time_days") or 0
        extra = {"maker_id": maker.pk} if maker else {}
        try:
            services.product_update(
                product_id=item.pk,
                actor=request.user,
                category_id=category.pk,
                materials=list(materials),
                **extra,
                **data,
            )
        except DomainError as error:
            return _refuse(request, error, "artisans:product", item.pk)
        messages.success(request, _("Saved."))
        return redirect("artisans:product", item.pk)
    return _product_form(
        request,
        item,
        form,
        {"form": form, "title": _("Details"), "icon": "📐", "submit": _("Save")},
    )


@seller_required("products")
@require_http_methods(["GET", "POST"])
def variants(request, pk: int):
    """List a product's variants and add one."""
    item = _product(request, pk)
    form = forms.VariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.variant_create(
                product_id=item.pk,
                actor=request.user,
                options=form.options(),
                price=data["price"],
                stock=data["stock"],
                sku=data["sku"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Variant added."))
            return redirect("artisans:variants", item.pk)
    return _page(
        request,
        "variants.html",
        {"form": form, "product": item, "variants": item.variants.all()},
        form,
    )


@seller_required("products")
@require_http_methods(["GET", "POST"])
def variant_edit(request, pk: int, vid: int):
    """Change one variant's options, price and stock."""
    item = _product(request, pk)
    variant = get_object_or_404(Variant, pk=vid, product=item)
    form = forms.VariantForm(
        request.POST or None,
        initial={
            "size": variant.options.get("size", ""),
            "colour": variant.options.get("colour", ""),
            "price": variant.price,
            "stock": variant.stock,
            "sku": variant.sku,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.variant_update(
                variant_id=variant.pk,
                actor=request.user,
                options=form.options(),
                price=data["price"],
                stock=data["stock"],
                sku=data["sku"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("artisans:variants", item.pk)
    return _product_form(
        request,
        item,
        form,
        {"form": form, "title": _("Variant"), "icon": "🎨", "submit": _("Save")},
    )


@seller_required("products")
@require_POST
def variant_delete(request, pk: int, vid: int):
    """Remove a variant."""
    item = _product(request, pk)
    variant = get_object_or_404(Variant, pk=vid, product=item)
    services.variant_delete(variant_id=variant.pk, actor=request.user)
    messages.success(request, _("Variant removed."))
    return redirect("artisans:variants", item.pk)


@seller_required("products")
@require_http_methods(["GET", "POST"])
def photos(request, pk: int):
    """Upload several photos at once; order them; describe each."""
    item = _product(request, pk)
    form = forms.PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.product_photos_add(
                product_id=item.pk,
                actor=request.user,
                files=form.cleaned_data["photos"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except DomainError as error:
            form.add_error("photos", error.message)
        else:
            messages.success(request, _("%(n)d photo(s) added.") % {"n": len(added)})
            return redirect("artisans:photos", item.pk)
    images = list(item.images.all())
    return _page(
        request,
        "photos.html",
        {
            "form": form,
            "product": item,
            "images": images,
            "pending": any(not image.ready for image in images),
        },
        form,
    )


def _image(request, pk, iid) -> tuple[Product, ProductImage]:
    item = _product(request, pk)
    return item, get_object_or_404(ProductImage, pk=iid, product=item)


@seller_required("products")
@require_POST
def photo_edit(request, pk: int, iid: int):
    """Save a photo's description."""
    item, image = _image(request, pk, iid)
    form = forms.PhotoAltForm(request.POST)
    if form.is_valid():
        services.product_photo_update(
            image_id=image.pk, actor=request.user, alt_text=form.cleaned_data["alt_text"]
        )
        messages.success(request, _("Saved."))
    return redirect("artisans:photos", item.pk)


@seller_required("products")
@require_POST
def photo_move(request, pk: int, iid: int):
    """Move a photo earlier or later."""
    item, image = _image(request, pk, iid)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.product_photo_move(image_id=image.pk, actor=request.user, offset=offset)
    return redirect(reverse("artisans:photos", args=[item.pk]) + f"#photo-{image.pk}")


@seller_required("products")
@require_POST
def photos_order(request, pk: int):
    """Put the photos in the order dragged on the photos page (`order`: ids, comma-separated).

    An order naming anything but this piece's photos, each once, is a 400 and changes nothing.
    The page's script sends it with fetch and gets 204; a plain form post is redirected back.
    """
    item = _product(request, pk)
    try:
        order = [int(part) for part in request.POST.get("order", "").split(",") if part.strip()]
    except ValueError:
        order = []  # not ids: refused by the service like any other bad order
    try:
        services.product_photos_reorder(product_id=item.pk, actor=request.user, order=order)
    except DomainError as error:
        return HttpResponseBadRequest(error.message)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect("artisans:photos", item.pk)


@seller_required("products")
@require_POST
def photo_delete(request, pk: int, iid: int):
    """Delete a photo."""
    item, image = _image(request, pk, iid)
    services.product_photo_delete(image_id=image.pk, actor=request.user)
    messages.success(request, _("Photo deleted."))
    return redirect("artisans:photos", item.pk)


@seller_required("products")
@require_POST
def product_submit(request, pk: int):
    """Send a product to the moderators."""
    item = _product(request, pk)
    try:
        services.product_submit_for_review(product_id=item.pk, actor=request.user)
    except DomainError as error:
        return _refuse(request, error, "artisans:product", item.pk)
    messages.success(request, _("Sent for review. We will tell you when it is published."))
    return redirect("artisans:product", item.pk)


@seller_required("products")
@require_POST
def product_duplicate(request, pk: int):
    """Copy a product into a new draft."""
    item = _product(request, pk)
    try:
        copy = services.product_duplicate(product_id=item.pk, actor=request.user)
    except DomainError as error:
        return _refuse(request, error, "artisans:product", item.pk)
    messages.success(request, _("Copy made. Change what differs, then send it for review."))
    return redirect("artisans:product", copy.pk)


@seller_required("products")
@require_POST
def product_archive(request, pk: int):
    """Withdraw a product from sale."""
    item = _product(request, pk)
    services.product_archive(product_id=item.pk, actor=request.user)
    messages.success(request, _("Product withdrawn from sale."))
    return redirect("artisans:products")


# --- Orders ------------------------------------------------------------------------------------


@seller_required("orders")
def orders(request):
    """List the shop's orders, new ones first."""
    return _page(
        request, "orders.html", {"shop_orders": selectors.shop_orders(request.seller.shop)}
    )


@seller_required("orders")
def order(request, number: str):
    """Show this shop's part of an order and what can be done next."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    return _page(
        request,
        "order.html",
        {
            "so": shop_order,
            "order": shop_order.order,
            "ship_form": forms.ShipForm(),
            "cancel_form": forms.CancelForm(),
        },
    )


def _order_action(request, number: str, action: str):
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    service = {
        "accept": order_services.shop_order_accept,
        "ship": order_services.shop_order_ship,
        "cancel": order_services.shop_order_cancel,
    }[action]
    kwargs = {"shop_order_id": shop_order.pk, "actor": request.user}
    if action == "ship":
        form = forms.ShipForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the carrier and the tracking number."))
            return redirect("artisans:order", number)
        kwargs.update(form.cleaned_data)
    elif action == "cancel":
        form = forms.CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why you cancel: the buyer will read it."))
            return redirect("artisans:order", number)
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        service(**kwargs)
    except DomainError as error:
        return _refuse(request, error, "artisans:order", number)
    done = {
        "accept": _("Order accepted. Prepare it with the packing slip."),
        "ship": _("Marked as shipped. The buyer gets the tracking number."),
        "cancel": _("Order cancelled. The buyer is refunded."),
    }
    messages.success(request, done[action])
    return redirect("artisans:order", number)


@seller_required("orders")
@require_POST
def order_accept(request, number: str):
    """Accept a paid order."""
    return _order_action(request, number, "accept")


@seller_required("orders")
@require_POST
def order_ship(request, number: str):
    """Mark an order shipped with the carrier and tracking number."""
    return _order_action(request, number, "ship")


@seller_required("orders")
@require_POST
def order_cancel(request, number: str):
    """Cancel an order with a reason (the buyer is refunded, stock returned)."""
    return _order_action(request, number, "cancel")


@seller_required("orders")
def packing_slip(request, number: str):
    """A printable packing slip for this shop's part of an order."""
    shop_order = selectors.shop_order_for_seller(request.seller.shop, number)
    return render(
        request,
        "artisans/packing_slip.html",
        {"so": shop_order, "order": shop_order.order, "shop": request.seller.shop},
    )


# --- Dashboard ---------------------------------------------------------------------------------


@seller_required("dashboard")
def dashboard(request):
    """The shop at a glance: sales, orders, best sellers, low stock, rating, money, reviews."""
    shop = request.seller.shop
    return _page(
        request,
        "dashboard.html",
        {
            "shop": shop,
            "figures": selectors.shop_dashboard(shop),
            "money": selectors.shop_money(shop) if request.seller.can("payout") else None,
        },
    )

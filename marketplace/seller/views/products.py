"""The shop's products: list, start, text, details, variants, submit, copy, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from artisans import selectors as artisans_selectors
from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.models import Product, Variant
from marketplace.core.errors import DomainError
from marketplace.shipping.api import customs_data
from marketplace.shipping.services import product_customs_set

from .. import forms, selectors
from .common import own_product, refuse, seller_page, seller_required


@seller_required("products")
def products(request):
    """List the shop's products with their status."""
    shop = request.seller.shop
    status = request.GET.get("status", "")
    if status not in Product.Status.values:
        status = ""
    return seller_page(
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
            product = catalogue_services.product_create(
                shop_id=request.seller.shop.pk,
                actor=request.user,
                category_id=data["category"].pk,
                title_ar=data["title_ar"],
                description_ar=data["description_ar"],
                maker_id=request.seller.artisan_id,
            )
        except DomainError as error:
            return refuse(request, error, "artisans:products")
        messages.success(request, _("Product started. Add its details, variants and photos."))
        return redirect("artisans:product", product.pk)
    return seller_page(
        request,
        "form_page.html",
        {"form": form, "title": _("New product"), "icon": "pot", "submit": _("Continue")},
        form,
    )


@seller_required("products")
def product(request, pk: int):
    """Show a product's overview: each section, what is missing, the actions."""
    item = own_product(request, pk)
    return seller_page(
        request,
        "product.html",
        {
            "product": item,
            "images": item.images.all(),
            "variants": item.variants.all(),
            "missing": catalogue_services.product_missing(item)
            if item.status in (Product.Status.DRAFT, Product.Status.REJECTED)
            else [],
        },
    )


def _product_form(request, item, form, template_ctx):
    return seller_page(request, "form_page.html", {"product": item, **template_ctx}, form)


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_text(request, pk: int):
    """Edit the title and description in each language."""
    item = own_product(request, pk)
    fields = [f"{f}_{c}" for c in forms.LANG_NAMES for f in ("title", "description")]
    form = forms.ProductTextForm(
        request.POST or None, initial={f: getattr(item, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.product_update(
                product_id=item.pk, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            return refuse(request, error, "artisans:product", item.pk)
        messages.success(request, _("Saved."))
        return redirect("artisans:product", item.pk)
    return seller_page(request, "product_text.html", {"form": form, "product": item}, form)


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_details(request, pk: int):
    """Edit category, maker, materials, technique, region, size, weight and lead time."""
    item = own_product(request, pk)
    initial = {
        "category": item.category_id,
        "maker": item.maker_id,
        "materials": list(item.materials.values_list("pk", flat=True)),
        **{f: getattr(item, f) for f in ("technique", "region", "dimensions", "weight_grams")},
        "made_to_order": item.made_to_order,
        "lead_time_days": item.lead_time_days,
    }
    form = forms.ProductDetailsForm(
        request.POST or None,
        initial=initial,
        makers=artisans_selectors.shop_makers(request.seller.shop),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        category = data.pop("category")
        maker = data.pop("maker", None)
        materials = data.pop("materials")
        data["lead_time_days"] = data.get("lead_time_days") or 0
        extra = {"maker_id": maker.pk} if maker else {}
        try:
            catalogue_services.product_update(
                product_id=item.pk,
                actor=request.user,
                category_id=category.pk,
                materials=list(materials),
                **extra,
                **data,
            )
        except DomainError as error:
            return refuse(request, error, "artisans:product", item.pk)
        messages.success(request, _("Saved."))
        return redirect("artisans:product", item.pk)
    return _product_form(
        request,
        item,
        form,
        {"form": form, "title": _("Details"), "icon": "ruler", "submit": _("Save")},
    )


@seller_required("products")
@require_http_methods(["GET", "POST"])
def product_customs(request, pk: int):
    """Edit what customs read about the piece: HS code, origin, composition, weight, size."""
    item = own_product(request, pk)
    current = customs_data(item)
    initial = {f: current[f] for f in forms.CustomsForm.base_fields}
    initial["hs_code"] = current["hs_code"] or current["hs_suggested"]
    form = forms.CustomsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            product_customs_set(product_id=item.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            for field, problems in (error.fields or {}).items():
                if field in form.fields:
                    form.add_error(field, problems[0])
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("artisans:product", item.pk)
    note = ""
    if current["hs_suggested"] and not current["hs_code"]:
        note = _("Suggested from the category: %(code)s (%(what)s).") % {
            "code": current["hs_suggested"],
            "what": current["hs_suggested_description"],
        }
    return _product_form(
        request,
        item,
        form,
        {"form": form, "title": _("Customs, for parcels abroad"), "icon": "stamp",
         "submit": _("Save"), "note": note},
    )  # fmt: skip


@seller_required("products")
@require_http_methods(["GET", "POST"])
def variants(request, pk: int):
    """List a product's variants and add one."""
    item = own_product(request, pk)
    form = forms.VariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue_services.variant_create(
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
    return seller_page(
        request,
        "variants.html",
        {"form": form, "product": item, "variants": item.variants.all()},
        form,
    )


@seller_required("products")
@require_http_methods(["GET", "POST"])
def variant_edit(request, pk: int, vid: int):
    """Change one variant's options, price and stock."""
    item = own_product(request, pk)
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
            catalogue_services.variant_update(
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
        {"form": form, "title": _("Variant"), "icon": "palette", "submit": _("Save")},
    )


@seller_required("products")
@require_POST
def variant_delete(request, pk: int, vid: int):
    """Remove a variant."""
    item = own_product(request, pk)
    variant = get_object_or_404(Variant, pk=vid, product=item)
    catalogue_services.variant_delete(variant_id=variant.pk, actor=request.user)
    messages.success(request, _("Variant removed."))
    return redirect("artisans:variants", item.pk)


@seller_required("products")
@require_POST
def product_submit(request, pk: int):
    """Send a product to the moderators."""
    item = own_product(request, pk)
    try:
        catalogue_services.product_submit_for_review(product_id=item.pk, actor=request.user)
    except DomainError as error:
        return refuse(request, error, "artisans:product", item.pk)
    messages.success(request, _("Sent for review. We will tell you when it is published."))
    return redirect("artisans:product", item.pk)


@seller_required("products")
@require_POST
def product_duplicate(request, pk: int):
    """Copy a product into a new draft."""
    item = own_product(request, pk)
    try:
        copy = catalogue_services.product_duplicate(product_id=item.pk, actor=request.user)
    except DomainError as error:
        return refuse(request, error, "artisans:product", item.pk)
    messages.success(request, _("Copy made. Change what differs, then send it for review."))
    return redirect("artisans:product", copy.pk)


@seller_required("products")
@require_POST
def product_archive(request, pk: int):
    """Withdraw a product from sale."""
    item = own_product(request, pk)
    catalogue_services.product_archive(product_id=item.pk, actor=request.user)
    messages.success(request, _("Product withdrawn from sale."))
    return redirect("artisans:products")

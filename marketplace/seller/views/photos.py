"""A product's photos: upload several at once, describe, reorder, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.models import Product, ProductImage
from marketplace.core.errors import DomainError

from .. import forms
from .common import own_product, seller_page, seller_required


@seller_required("products")
@require_http_methods(["GET", "POST"])
def photos(request, pk: int):
    """Upload several photos at once; order them; describe each."""
    item = own_product(request, pk)
    form = forms.PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = catalogue_services.product_photos_add(
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
    return seller_page(
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
    item = own_product(request, pk)
    return item, get_object_or_404(ProductImage, pk=iid, product=item)


@seller_required("products")
@require_POST
def photo_edit(request, pk: int, iid: int):
    """Save a photo's description."""
    item, image = _image(request, pk, iid)
    form = forms.PhotoAltForm(request.POST)
    if form.is_valid():
        catalogue_services.product_photo_update(
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
    catalogue_services.product_photo_move(image_id=image.pk, actor=request.user, offset=offset)
    return redirect(reverse("artisans:photos", args=[item.pk]) + f"#photo-{image.pk}")


@seller_required("products")
@require_POST
def photos_order(request, pk: int):
    """Put the photos in the order dragged on the photos page (`order`: ids, comma-separated).

    An order naming anything but this piece's photos, each once, is a 400 and changes nothing.
    The page's script sends it with fetch and gets 204; a plain form post is redirected back.
    """
    item = own_product(request, pk)
    try:
        order = [int(part) for part in request.POST.get("order", "").split(",") if part.strip()]
    except ValueError:
        order = []  # not ids: refused by the service like any other bad order
    try:
        catalogue_services.product_photos_reorder(
            product_id=item.pk, actor=request.user, order=order
        )
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
    catalogue_services.product_photo_delete(image_id=image.pk, actor=request.user)
    messages.success(request, _("Photo deleted."))
    return redirect("artisans:photos", item.pk)

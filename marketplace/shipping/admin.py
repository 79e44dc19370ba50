"""Admin for shipping: profiles, zone services and bands, customs data, documents (read-only).

Writes that matter go through the services: the HS code of a whole category is set with
`customs_bulk_set_hs` from the "Set the HS code of a category" page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import Category
from marketplace.core.errors import DomainError

from .models import ProductCustoms, ShipmentDocument, ShippingProfile, WeightBand, ZoneService
from .services import customs_bulk_set_hs


@admin.register(ShippingProfile)
class ShippingProfileAdmin(admin.ModelAdmin):
    list_display = ["shop", "processing_days_min", "processing_days_max", "updated_at"]
    search_fields = ["shop__name"]
    readonly_fields = ["shop", "processing_days_min", "processing_days_max", "updated_at"]


class WeightBandInline(admin.TabularInline):
    model = WeightBand
    fk_name = "rate"
    extra = 0
    readonly_fields = ["up_to_grams", "price_mad"]
    can_delete = False


@admin.register(ZoneService)
class ZoneServiceAdmin(admin.ModelAdmin):
    list_display = ["rate", "pricing", "free_over_mad", "carriers"]
    list_filter = ["pricing"]
    readonly_fields = ["rate", "pricing", "free_over_mad", "carriers"]


class BulkHsForm(forms.Form):
    category = forms.ModelChoiceField(Category.objects.order_by("slug"), label=_("Category"))
    hs_code = forms.CharField(label=_("HS code"), max_length=10)
    overwrite = forms.BooleanField(label=_("Also replace the codes sellers chose"), required=False)


@admin.register(ProductCustoms)
class ProductCustomsAdmin(admin.ModelAdmin):
    list_display = ["product", "hs_code", "origin_country", "net_weight_grams", "updated_at"]
    list_filter = ["origin_country"]
    search_fields = ["product__title_en", "product__title_fr", "hs_code"]
    readonly_fields = ["product", *ProductCustoms.FIELDS, "updated_at"]
    change_list_template = "admin/shipping/productcustoms/change_list.html"

    def get_urls(self):
        return [
            path(
                "bulk-hs/",
                self.admin_site.admin_view(self.bulk_hs),
                name="shipping_productcustoms_bulk_hs",
            ),
            *super().get_urls(),
        ]

    def bulk_hs(self, request):
        """Set the HS code of every product of a category (and its subcategories)."""
        if not self.has_view_permission(request) or not request.user.is_staff:
            return redirect("admin:index")
        form = BulkHsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                changed = customs_bulk_set_hs(
                    category_id=form.cleaned_data["category"].pk,
                    hs_code=form.cleaned_data["hs_code"],
                    actor=request.user,
                    overwrite=form.cleaned_data["overwrite"],
                )
            except DomainError as error:
                form.add_error("hs_code", error.message)
            else:
                messages.success(request, _("%(n)s products updated.") % {"n": changed})
                return redirect("admin:shipping_productcustoms_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Set the HS code of a category"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/shipping/bulk_hs.html", context)


@admin.register(ShipmentDocument)
class ShipmentDocumentAdmin(admin.ModelAdmin):
    list_display = ["shop_order_id", "kind", "shop", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["shop__name"]
    readonly_fields = ["shop", "shop_order_id", "kind", "fingerprint", "created_at", "updated_at"]
    exclude = ["file"]  # private: read through the shop order's download link

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from .models import Artisan, Cooperative, Membership, ShippingRate, Shop
from .services import shop_commission_set


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["artisan"]


@admin.register(Artisan)
class ArtisanAdmin(admin.ModelAdmin):
    list_display = ["name", "craft", "region", "city", "user"]
    list_filter = ["craft", "region"]
    search_fields = ["name", "city", "registry_number", "user__email"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "city", "founded_year", "women_led"]
    list_filter = ["region", "women_led"]
    search_fields = ["name", "city", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["artisan", "cooperative", "role"]
    list_filter = ["role"]
    search_fields = ["artisan__name", "cooperative__name"]


class ShippingRateInline(admin.TabularInline):
    """A shop's shipping prices, read-only: the seller sets them (shop_shipping_rates_set)."""

    model = ShippingRate
    extra = 0
    readonly_fields = ["zone", "first_item", "additional_item", "days_min", "days_max"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "region", "commission_rate", "verified_at", "created_at"]
    list_filter = ["status", "region", "payouts_paused"]
    search_fields = ["name", "slug", "artisan__name", "cooperative__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["artisan", "cooperative"]
    inlines = [ShippingRateInline]
    # [hardening] Where payouts go is the seller's to set (a change holds pending payouts and
    # tells the shop); staff do not type a RIB here. Payouts pause through moderation.
    # The status moves only through moderation's services: its admin actions (verify, reject,
    # suspend, reinstate) are added in marketplace/moderation/admin.py, the layer above.
    readonly_fields = [
        "status",
        "status_reason",
        "verified_at",
        "payout_holder",
        "payout_rib",
        "payouts_paused",
    ]

    def save_model(self, request, obj, form, change):
        """Save the shop; a new commission rate goes through shop_commission_set (audited)."""
        rate = obj.commission_rate
        if change and "commission_rate" in form.changed_data:
            obj.commission_rate = form.initial["commission_rate"]
        super().save_model(request, obj, form, change)
        if change and "commission_rate" in form.changed_data:
            shop_commission_set(shop_id=obj.pk, rate=rate, actor=request.user)
            obj.refresh_from_db(fields=["commission_rate"])


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ["shop", "zone", "first_item", "additional_item", "days_min", "days_max"]
    list_filter = ["zone"]
    search_fields = ["shop__name"]
    readonly_fields = ["shop", "zone", "first_item", "additional_item", "days_min", "days_max"]

    def has_add_permission(self, request):
        return False  # prices are the seller's (shop_shipping_rates_set)

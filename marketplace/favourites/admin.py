"""Admin: favourites, follows and alerts are the buyers' own; staff only look."""

from django.contrib import admin

from .models import AlertSettings, CartReminder, Favourite, Follow, StockAlert


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Favourite)
class FavouriteAdmin(_ReadOnly):
    list_display = ["user", "product", "created_at"]
    raw_id_fields = ["user", "product"]


@admin.register(Follow)
class FollowAdmin(_ReadOnly):
    list_display = ["user", "shop", "digest", "created_at"]
    list_filter = ["digest"]


@admin.register(StockAlert)
class StockAlertAdmin(_ReadOnly):
    list_display = ["user", "variant", "created_at", "notified_at"]


@admin.register(AlertSettings)
class AlertSettingsAdmin(_ReadOnly):
    list_display = ["user", "cart_reminder", "digest_sent_at"]


@admin.register(CartReminder)
class CartReminderAdmin(_ReadOnly):
    list_display = ["cart", "cart_started_at", "sent_at"]

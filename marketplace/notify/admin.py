from django.contrib import admin

from .models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom, and what the provider said."""

    list_display = ("created_at", "purpose", "channel", "to_phone", "sent_at", "attempts")
    list_filter = ("channel", "purpose")
    search_fields = ("to_phone", "key")
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import ExchangeRate, OutboxEmail
from .services import exchange_rate_set


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that only shows rows: they change through services, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate", "updated_at"]
    list_filter = ["currency"]
    search_fields = ["currency"]

    def save_model(self, request, obj, form, change):
        saved = exchange_rate_set(currency=obj.currency, rate=obj.rate)
        obj.pk = saved.pk


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Every e-mail the platform sent or will send, for staff to follow."""

    list_display = ["created_at", "kind", "to_email", "subject", "sent_at", "attempts"]
    list_filter = ["kind", "language", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request):
        return False

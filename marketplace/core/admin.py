from django.contrib import admin

from .models import ExchangeRate
from .services import exchange_rate_set


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate", "updated_at"]
    list_filter = ["currency"]
    search_fields = ["currency"]

    def save_model(self, request, obj, form, change):
        saved = exchange_rate_set(currency=obj.currency, rate=obj.rate)
        obj.pk = saved.pk

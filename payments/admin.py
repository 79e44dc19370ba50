from django.contrib import admin

from .models import LedgerEntry, Payment, Payout, Refund, WebhookEvent


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["order", "amount", "currency", "status", "intent_id", "created_at"]
    list_filter = ["status", "currency", "provider"]
    search_fields = ["order__number", "intent_id", "charge_id"]
    raw_id_fields = ["order"]
    exclude = ["client_secret"]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["shop_order", "amount", "currency", "status", "created_at"]
    list_filter = ["status", "currency"]
    search_fields = ["shop_order__order__number", "provider_refund_id"]
    raw_id_fields = ["payment", "shop_order", "created_by"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at", "result"]
    list_filter = ["type"]
    search_fields = ["event_id"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "shop", "kind", "amount_mad", "available_at", "payout"]
    list_filter = ["kind"]
    search_fields = ["shop__name", "shop_order__order__number"]
    raw_id_fields = ["shop", "shop_order", "refund", "payout"]


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ["shop", "amount_mad", "status", "created_at", "settled_at"]
    list_filter = ["status"]
    search_fields = ["shop__name", "reference"]
    raw_id_fields = ["shop", "settled_by"]

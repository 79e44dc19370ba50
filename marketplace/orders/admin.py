from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Cart, CartLine, Order, OrderEvent, OrderLine, ShopOrder


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["variant"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "session_key", "updated_at"]
    search_fields = ["user__email", "session_key"]
    raw_id_fields = ["user"]
    inlines = [CartLineInline]


class ShopOrderInline(admin.TabularInline):
    model = ShopOrder
    extra = 0
    fields = ["shop", "status", "total_mad", "total", "carrier", "tracking_number"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["created_at", "shop_order", "kind", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "email",
        "status",
        "currency",
        "total",
        "held_for_review",
        "created_at",
    ]
    list_filter = ["status", "currency", "shipping_zone", "held_for_review", "ship_country"]
    search_fields = ["number", "email", "ship_name"]
    raw_id_fields = ["buyer"]
    # [hardening] Every money figure is read-only: totals, currency and rate were fixed at
    # checkout; refunds and payouts go through the payment services (admin actions).
    readonly_fields = [
        "number",
        "currency",
        "exchange_rate",
        "subtotal_mad",
        "shipping_mad",
        "total_mad",
        "total",
        "paid_at",
        "idempotency_key",
        "idempotency_fingerprint",
    ]
    inlines = [ShopOrderInline, OrderEventInline]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["sku", "title", "unit_price_mad", "quantity", "line_total_mad"]
    readonly_fields = fields
    can_delete = False


@admin.register(ShopOrder)
class ShopOrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "shop", "status", "total_mad", "created_at"]
    list_filter = ["status"]
    search_fields = ["order__number", "shop__name", "tracking_number"]
    raw_id_fields = ["order", "shop"]
    # [hardening] Money read-only: a refund is capped by what the shop order and the payment
    # hold, so these figures are never typed in (refund_link goes through refund_create).
    readonly_fields = [
        "order",
        "shop",
        "subtotal_mad",
        "shipping_mad",
        "total_mad",
        "total",
        "commission_rate",
        "paid_at",
        "refund_link",
    ]
    inlines = [OrderLineInline]

    def has_add_permission(self, request):
        return False  # shop orders are made by the checkout

    @admin.display(description=_("Refunds"))
    def refund_link(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:payments_refund_partial", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Refund part of this shop order"))


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "order", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind", "to_status"]
    search_fields = ["order__number", "note"]
    raw_id_fields = ["order", "shop_order", "actor"]

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin_actions import ReasonForm, service_action
from marketplace.core.audit import audit_record

from . import services
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
        "status",  # derived from the shop orders: it moves with their actions only
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


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("carrier"), max_length=60)
    tracking_number = forms.CharField(label=_("tracking number"), max_length=80)


def _audited(verb: str, service):
    """Wrap a shop-order service so a staff member's call also writes the audit log."""

    def call(*, shop_order_id: int, actor, **kwargs):
        before = ShopOrder.objects.values_list("status", flat=True).get(pk=shop_order_id)
        changed = service(shop_order_id=shop_order_id, actor=actor, **kwargs)
        changed.refresh_from_db(fields=["status"])
        audit_record(
            actor=actor,
            action=f"admin.shop_order.{verb}",
            obj=changed,
            changes={"status": [before, changed.status]},
            reason=kwargs.get("reason", ""),
        )
        return changed

    return call


@admin.register(ShopOrder)
class ShopOrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "shop", "status", "total_mad", "created_at"]
    list_filter = ["status"]
    search_fields = ["order__number", "shop__name", "tracking_number"]
    raw_id_fields = ["order", "shop"]
    # [hardening] Money read-only: a refund is capped by what the shop order and the payment
    # hold, so these figures are never typed in (refund_link goes through refund_create).
    # The status, its timestamps and what a transition sets are read-only: staff move a shop
    # order with the actions below, through the same services as the shop and the buyer.
    readonly_fields = [
        "order",
        "shop",
        "status",
        "carrier",
        "tracking_number",
        "cancel_reason",
        "subtotal_mad",
        "shipping_mad",
        "total_mad",
        "total",
        "commission_rate",
        "paid_at",
        "accepted_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
        "refund_link",
    ]
    inlines = [OrderLineInline]
    actions = ["accept", "ship", "deliver", "cancel"]

    accept = service_action(
        "accept", _("Accept for the shop"), _audited("accept", services.shop_order_accept),
        id_arg="shop_order_id",
    )  # fmt: skip
    ship = service_action(
        "ship", _("Mark shipped (carrier and tracking number)"),
        _audited("ship", services.shop_order_ship), id_arg="shop_order_id", form_class=ShipForm,
    )  # fmt: skip
    deliver = service_action(
        "deliver", _("Mark delivered (credits the shop)"),
        _audited("deliver", services.shop_order_deliver), id_arg="shop_order_id",
    )  # fmt: skip
    cancel = service_action(
        "cancel", _("Cancel (stock returns; a paid part is refunded)"),
        _audited("cancel", services.shop_order_cancel), id_arg="shop_order_id",
        form_class=ReasonForm,
    )  # fmt: skip

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

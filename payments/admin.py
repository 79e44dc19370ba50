import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError
from marketplace.orders.models import ShopOrder

from .models import LedgerEntry, Payment, Payout, Refund, WebhookEvent
from .selectors import payouts_transfer_list
from .services import payout_settle, refund_create


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["order", "amount", "currency", "status", "intent_id", "created_at"]
    list_filter = ["status", "currency", "provider"]
    search_fields = ["order__number", "intent_id", "charge_id"]
    raw_id_fields = ["order"]
    exclude = ["client_secret"]
    actions = ["refund_everything"]

    @admin.action(description=_("Refund everything still refundable (per shop order)"))
    def refund_everything(self, request, queryset):
        done = 0
        for payment in queryset.filter(status=Payment.Status.SUCCEEDED):
            for shop_order in ShopOrder.objects.filter(order_id=payment.order_id).order_by("pk"):
                try:
                    # One key per shop order and admin click: a double submit records one refund.
                    refund_create(
                        shop_order_id=shop_order.pk,
                        actor=request.user,
                        reason="refunded by staff",
                        idempotency_key=f"admin-full:{shop_order.pk}",
                    )
                    done += 1
                except DomainError as exc:
                    self.message_user(
                        request, f"{shop_order}: {exc.message}", level=messages.WARNING
                    )
        self.message_user(request, _("%(n)d refund(s) made.") % {"n": done})


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["shop_order", "amount", "currency", "status", "created_by", "created_at"]
    list_filter = ["status", "currency"]
    search_fields = ["shop_order__order__number", "provider_refund_id"]
    raw_id_fields = ["payment", "shop_order", "created_by"]

    def has_add_permission(self, request):
        return False  # refunds go through refund_create (cap, Stripe, ledger)

    def has_change_permission(self, request, obj=None):
        return False


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

    def has_change_permission(self, request, obj=None):
        return False  # append-only


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ["shop", "amount_mad", "status", "created_at", "settled_at", "reference"]
    list_filter = ["status"]
    search_fields = ["shop__name", "reference"]
    raw_id_fields = ["shop", "settled_by"]
    actions = ["export_transfer_list", "mark_settled"]

    @admin.action(description=_("Export the bank transfer list (CSV, MAD)"))
    def export_transfer_list(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="souk-payouts-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 (Arabic names) correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(["payout", "shop", "account_holder", "rib", "amount_mad", "label"])
        for payout in payouts_transfer_list(payout_ids=queryset.values_list("pk", flat=True)):
            writer.writerow(
                [
                    payout.pk,
                    payout.shop.name,
                    payout.shop.payout_holder,
                    payout.shop.payout_rib,
                    f"{payout.amount_mad:.2f}",
                    f"SOUK PAYOUT {payout.pk}",
                ]
            )
        return response

    @admin.action(description=_("Mark as paid (bank transfer made)"))
    def mark_settled(self, request, queryset):
        for payout in queryset.filter(status=Payout.Status.PENDING).order_by("pk"):
            try:
                payout_settle(payout_id=payout.pk, actor=request.user, reference=f"TR-{payout.pk}")
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.WARNING)

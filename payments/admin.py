import uuid
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.csv_export import csv_writer
from marketplace.core.errors import DomainError
from marketplace.orders.models import ShopOrder

from .models import LedgerEntry, Payment, Payout, Refund, WebhookEvent
from .selectors import payouts_transfer_list, shop_order_refundable, shop_order_refunded
from .services import payout_release, payout_settle, refund_create


class ReadOnlyMoneyAdmin(admin.ModelAdmin):
    """Money rows staff read but never type into: changes go through the payment services."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.get_exclude(request)]

    def get_exclude(self, request, obj=None):
        return list(self.exclude or [])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMoneyAdmin):
    list_display = ["order", "amount", "currency", "status", "intent_id", "created_at"]
    list_filter = ["status", "currency", "provider"]
    search_fields = ["order__number", "intent_id", "charge_id"]
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


class PartialRefundForm(forms.Form):
    """A refund of part of one shop order, in the order's currency."""

    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    return_stock = forms.BooleanField(
        label=_("Return the pieces to stock once the whole shop order is refunded"),
        required=False,
        initial=False,
    )
    # Made when the form is shown: submitting it twice records one refund.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["shop_order", "amount", "currency", "status", "created_by", "created_at"]
    list_filter = ["status", "currency"]
    search_fields = ["shop_order__order__number", "provider_refund_id"]
    raw_id_fields = ["payment", "shop_order", "created_by"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.partial_refund_view)
        return [
            path("shop-order/<id:shop_order_id>/", view, name="payments_refund_partial"),
            *super().get_urls(),
        ]

    def partial_refund_view(self, request, shop_order_id):
        """Refund part of a shop order's payment, through refund_create (cap, Stripe, ledger)."""
        if not request.user.has_perm("payments.add_refund"):
            return HttpResponse(status=403)
        shop_order = get_object_or_404(
            ShopOrder.objects.select_related("order", "shop"), pk=shop_order_id
        )
        refunded = shop_order_refunded(shop_order_id=shop_order.pk)[0]
        remaining = shop_order_refundable(shop_order=shop_order)
        if request.method == "POST":
            form = PartialRefundForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    refund_create(
                        shop_order_id=shop_order.pk,
                        amount=data["amount"],
                        actor=request.user,
                        reason=data["reason"],
                        idempotency_key=f"admin-partial:{shop_order.pk}:{data['key']}",
                        return_stock=data["return_stock"],
                    )
                except DomainError as exc:
                    form.add_error("amount", exc.message)
                else:
                    self.message_user(
                        request,
                        _("Refunded %(amount)s %(currency)s of %(order)s.")
                        % {
                            "amount": data["amount"],
                            "currency": shop_order.order.currency,
                            "order": shop_order,
                        },
                    )
                    return HttpResponseRedirect(
                        reverse("admin:orders_shoporder_change", args=[shop_order.pk])
                    )
            status = 400 if form.errors else 200
        else:
            form = PartialRefundForm(initial={"key": uuid.uuid4().hex})
            status = 200
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refund part of %(order)s") % {"order": shop_order},
            "opts": self.model._meta,
            "form": form,
            "shop_order": shop_order,
            "refunded": refunded,
            "remaining": remaining,
        }
        return TemplateResponse(
            request, "admin/payments/partial_refund.html", context, status=status
        )

    def has_add_permission(self, request):
        return False  # refunds go through refund_create (cap, Stripe, ledger)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyMoneyAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at", "result"]
    list_filter = ["type"]
    search_fields = ["event_id"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyMoneyAdmin):
    """Append-only: entries are written by the ledger services alone."""

    list_display = ["created_at", "shop", "kind", "amount_mad", "available_at", "payout"]
    list_filter = ["kind"]
    search_fields = ["shop__name", "shop_order__order__number"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payout)
class PayoutAdmin(ReadOnlyMoneyAdmin):
    list_display = [
        "shop",
        "amount_mad",
        "status",
        "hold_reason",
        "created_at",
        "settled_at",
        "reference",
    ]
    list_filter = ["status"]
    search_fields = ["shop__name", "reference"]
    actions = [
        "export_transfer_list",
        "mark_settled",
        "release_original_details",
        "release_current_details",
    ]

    @admin.action(description=_("Export the bank transfer list (CSV, MAD)"))
    def export_transfer_list(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="souk-payouts-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 (Arabic names) correctly with a BOM
        writer = csv_writer(response)  # names are the sellers' own text: no formulas
        writer.writerow(["payout", "shop", "account_holder", "rib", "amount_mad", "label"])
        # Only payouts to pay now (held ones wait), to the bank details each was made with.
        for payout in payouts_transfer_list(payout_ids=queryset.values_list("pk", flat=True)):
            writer.writerow(
                [
                    payout.pk,
                    payout.shop.name,
                    payout.holder,
                    payout.rib,
                    f"{payout.amount_mad:.2f}",
                    f"SOUK PAYOUT {payout.pk}",
                ]
            )
        return response

    def _release(self, request, queryset, *, use_current_details: bool):
        done = 0
        for payout in queryset.filter(status=Payout.Status.HELD).order_by("pk"):
            payout_release(
                payout_id=payout.pk, actor=request.user, use_current_details=use_current_details
            )
            done += 1
        self.message_user(request, _("%(n)d payout(s) released.") % {"n": done})

    @admin.action(description=_("Release held payouts: pay the bank details they were made with"))
    def release_original_details(self, request, queryset):
        self._release(request, queryset, use_current_details=False)

    @admin.action(
        description=_("Release held payouts: pay the shop's new bank details (checked with it)")
    )
    def release_current_details(self, request, queryset):
        self._release(request, queryset, use_current_details=True)

    @admin.action(description=_("Mark as paid (bank transfer made)"))
    def mark_settled(self, request, queryset):
        for payout in queryset.filter(status=Payout.Status.PENDING).order_by("pk"):
            try:
                payout_settle(payout_id=payout.pk, actor=request.user, reference=f"TR-{payout.pk}")
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.WARNING)


from . import admin_cod  # noqa: E402,F401  (cash on delivery)

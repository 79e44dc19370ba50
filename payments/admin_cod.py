"""Admin of cash on delivery: shops' terms, blocks, parcels (actions through services only),
remittance files with their row-by-row report, refusals and cash received."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderEvent

from .models import (
    CodBlock,
    CodCashReceipt,
    CodConfirmation,
    CodRefusal,
    CodRemittance,
    CodRemittanceRow,
    CodShopOrder,
    CodShopTerms,
)
from .services import (
    cod_block_lift,
    cod_block_set,
    cod_cash_record,
    cod_delivered_mark,
    cod_refusal_record,
    cod_remittance_import,
    cod_terms_set,
)


class _ReadOnly(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CodShopTerms)
class CodShopTermsAdmin(admin.ModelAdmin):
    list_display = ["shop", "enabled", "fee_mad", "return_cost_mad", "return_cost_payer"]
    list_filter = ["enabled", "return_cost_payer"]
    search_fields = ["shop__name"]
    raw_id_fields = ["shop"]

    def save_model(self, request, obj, form, change):
        try:
            saved = cod_terms_set(
                shop_id=obj.shop_id,
                enabled=obj.enabled,
                fee_mad=obj.fee_mad,
                return_cost_mad=obj.return_cost_mad,
                return_cost_payer=obj.return_cost_payer,
                actor=request.user,
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: past orders keep their terms' history


class CodBlockForm(forms.ModelForm):
    class Meta:
        model = CodBlock
        fields = ["phone", "buyer", "reason"]


@admin.register(CodBlock)
class CodBlockAdmin(admin.ModelAdmin):
    form = CodBlockForm
    list_display = ["phone", "buyer", "reason", "active", "created_by", "created_at"]
    list_filter = ["active"]
    search_fields = ["phone", "buyer__email", "reason"]
    raw_id_fields = ["buyer"]
    actions = ["lift"]

    def get_readonly_fields(self, request, obj=None):
        return ["phone", "buyer", "reason"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            block = cod_block_set(
                phone=obj.phone, buyer=obj.buyer, reason=obj.reason, actor=request.user
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        obj.pk = block.pk

    @admin.action(description=_("Offer cash on delivery again"))
    def lift(self, request, queryset):
        for block in queryset.filter(active=True):
            cod_block_lift(block_id=block.pk, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class CashForm(forms.Form):
    amount = forms.CharField(label=_("Amount received (MAD)"), max_length=20)
    collected_on = forms.DateField(label=_("Collected on"), required=False)


@admin.register(CodShopOrder)
class CodShopOrderAdmin(_ReadOnly):
    """COD parcels; every change is a service call (an action or the cash form)."""

    list_display = [
        "order",
        "shop",
        "status",
        "total_mad",
        "cod_fee_mad",
        "carrier",
        "tracking_number",
        "cash_received",
    ]
    list_filter = ["status", "carrier"]
    search_fields = ["order__number", "tracking_number", "shop__name", "order__ship_phone"]
    actions = ["mark_delivered", "mark_refused"]
    readonly_fields = ["timeline"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(order__payment_method="cod")
            .select_related("order", "shop", "cod_cash")
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "timeline"]

    @admin.display(description=_("cash received"), boolean=True)
    def cash_received(self, obj):
        return hasattr(obj, "cod_cash")

    @admin.display(description=_("Timeline"))
    def timeline(self, obj):
        events = OrderEvent.objects.filter(order_id=obj.order_id).order_by("created_at", "pk")
        return format_html_join(
            "",
            "<div>{} — {} {}→{} {}</div>",
            (
                (
                    e.created_at.strftime("%Y-%m-%d %H:%M"),
                    e.kind,
                    e.from_status,
                    e.to_status,
                    e.note,
                )
                for e in events
                if e.shop_order_id in (None, obj.pk)
            ),
        )

    def _each(self, request, queryset, fn, done_message):
        done = 0
        for shop_order in queryset.order_by("pk"):
            try:
                fn(shop_order)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{shop_order}: {exc.message}", level=messages.WARNING)
        self.message_user(request, done_message % {"n": done})

    @admin.action(description=_("Delivered: the courier collected the cash"))
    def mark_delivered(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda so: cod_delivered_mark(shop_order_id=so.pk, actor=request.user),
            _("%(n)d parcel(s) marked delivered."),
        )

    @admin.action(description=_("Refused or returned: pieces back to stock, refusal counted"))
    def mark_refused(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda so: cod_refusal_record(
                shop_order_id=so.pk, actor=request.user, reason="refused (staff)"
            ),
            _("%(n)d refusal(s) recorded."),
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.cash_view)
        return [
            path("<id:shop_order_id>/cash/", view, name="payments_cod_cash"),
            *super().get_urls(),
        ]

    def cash_view(self, request, shop_order_id):
        """Record by hand the cash received for one parcel (cod_cash_record checks the amount)."""
        if not request.user.has_perm("payments.add_codcashreceipt"):
            return HttpResponse(status=403)
        shop_order = get_object_or_404(self.get_queryset(request), pk=shop_order_id)
        form = CashForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    cod_cash_record(
                        shop_order_id=shop_order.pk,
                        amount=form.cleaned_data["amount"],
                        collected_on=form.cleaned_data["collected_on"],
                        actor=request.user,
                    )
                except DomainError as exc:
                    form.add_error("amount", exc.message)
                else:
                    self.message_user(request, _("Cash recorded; the shop is credited."))
                    return HttpResponseRedirect(
                        reverse("admin:payments_codshoporder_change", args=[shop_order.pk])
                    )
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cash received for %(parcel)s") % {"parcel": shop_order},
            "opts": self.model._meta,
            "form": form,
            "shop_order": shop_order,
        }
        return TemplateResponse(request, "admin/payments/cod_cash.html", context, status=status)


class RemittanceImportForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=60)
    file = forms.FileField(label=_("Remittance file (CSV)"))


class RowInline(admin.TabularInline):
    model = CodRemittanceRow
    extra = 0
    can_delete = False
    fields = ["line_no", "tracking_number", "amount_text", "expected_mad", "collected_on",
              "outcome", "reason", "message", "shop_order"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CodRemittance)
class CodRemittanceAdmin(_ReadOnly):
    """Imported files and their report; "Add" imports a new file through the service."""

    list_display = ["created_at", "courier", "file_name", "rows_total", "rows_credited",
                    "rows_flagged", "rows_refused", "amount_credited_mad"]  # fmt: skip
    list_filter = ["courier"]
    inlines = [RowInline]

    def has_add_permission(self, request):
        return request.user.has_perm("payments.add_codremittance")

    def add_view(self, request, form_url="", extra_context=None):
        form = RemittanceImportForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    remittance = cod_remittance_import(
                        data=upload.read(),
                        courier=form.cleaned_data["courier"],
                        actor=request.user,
                        file_name=upload.name,
                    )
                except DomainError as exc:
                    form.add_error("file", exc.message)
                else:
                    level = messages.SUCCESS
                    if remittance.rows_flagged or remittance.rows_refused:
                        level = messages.WARNING
                    self.message_user(
                        request,
                        _(
                            "%(credited)d row(s) credited (%(amount)s MAD), %(flagged)d flagged, "
                            "%(refused)d refused: see each row below."
                        )
                        % {
                            "credited": remittance.rows_credited,
                            "amount": remittance.amount_credited_mad,
                            "flagged": remittance.rows_flagged,
                            "refused": remittance.rows_refused,
                        },
                        level=level,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:payments_codremittance_change", args=[remittance.pk])
                    )
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a courier remittance"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/payments/cod_remittance_import.html", context, status=status
        )


@admin.register(CodRefusal)
class CodRefusalAdmin(_ReadOnly):
    list_display = ["created_at", "shop_order", "phone", "buyer", "return_cost_mad",
                    "return_cost_payer", "reason"]  # fmt: skip
    search_fields = ["phone", "buyer__email", "order__number"]


@admin.register(CodCashReceipt)
class CodCashReceiptAdmin(_ReadOnly):
    list_display = ["created_at", "shop_order", "amount_mad", "collected_on", "remittance",
                    "recorded_by"]  # fmt: skip
    search_fields = ["shop_order__order__number", "shop_order__tracking_number"]


@admin.register(CodConfirmation)
class CodConfirmationAdmin(_ReadOnly):
    list_display = ["order", "phone", "channel", "sends", "attempts", "confirmed_at"]
    search_fields = ["order__number", "phone"]
    exclude = ["code_hash"]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "code_hash"]

"""Admin: the label registry is edited here; claims and payments change only through services."""

from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin as ReadOnly

from .models import Certificate, Label, LabelClaim, MemberPayment, SigningKey


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_fr", "kind", "issuing_body", "active")
    list_filter = ("kind", "active")
    search_fields = ("slug", "name_fr", "name_en", "name_ar", "name_es", "issuing_body")


@admin.register(LabelClaim)
class LabelClaimAdmin(ReadOnly):
    list_display = ("label", "shop", "product", "status", "expires_on", "verified_at")
    list_filter = ("status", "label")


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ("code", "shop", "line", "piece", "revision", "kid", "signed_at")
    search_fields = ("code",)


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnly):
    list_display = ("kid", "algorithm", "created_at", "retired_at")


@admin.register(MemberPayment)
class MemberPaymentAdmin(ReadOnly):
    list_display = ("shop", "artisan", "amount_mad", "paid_on", "method", "status")
    list_filter = ("status", "method")
    exclude = ("token",)

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from artisans.admin import ShopAdmin
from artisans.models import Shop
from marketplace.catalogue.admin import ProductAdmin
from marketplace.catalogue.models import Product
from marketplace.core.admin_actions import ReasonForm, service_action

from . import services
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be edited or deleted through the app."""

    list_display = ["created_at", "actor", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "object_repr", "actor__email", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The shop and product admins of the apps below, with the status changes staff may make: each
# action calls the moderation service (transition rules, audit row, the seller's e-mail).
admin.site.unregister(Shop)


@admin.register(Shop)
class ShopModerationAdmin(ShopAdmin):
    actions = ["verify", "reject", "suspend", "reinstate"]

    verify = service_action(
        "verify", _("Verify (the shop can sell)"), services.shop_verify, id_arg="shop_id"
    )
    reject = service_action(
        "reject", _("Reject the application"), services.shop_reject,
        id_arg="shop_id", form_class=ReasonForm,
    )  # fmt: skip
    suspend = service_action(
        "suspend", _("Suspend (its pieces leave the catalogue)"), services.shop_suspend,
        id_arg="shop_id", form_class=ReasonForm,
    )  # fmt: skip
    reinstate = service_action(
        "reinstate", _("Reinstate a suspended shop"), services.shop_reinstate,
        id_arg="shop_id", form_class=ReasonForm,
    )  # fmt: skip


admin.site.unregister(Product)


@admin.register(Product)
class ProductModerationAdmin(ProductAdmin):
    actions = ["approve", "reject"]

    approve = service_action(
        "approve", _("Approve and publish"), services.product_approve, id_arg="product_id"
    )
    reject = service_action(
        "reject", _("Reject (the seller reads the reason)"), services.product_reject,
        id_arg="product_id", form_class=ReasonForm,
    )  # fmt: skip

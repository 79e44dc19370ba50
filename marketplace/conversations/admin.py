"""Admin: conversations, quotes and commissions are read here; every change goes through services.

Message text is not shown in the admin: staff read a conversation on its page, where the
reading is written to the audit log.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin import ReadOnlyAdmin as ReadOnly

from .models import Commission, Conversation, MessagingBan, Quote
from .services import commissions_sync_order


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ["pk", "shop", "buyer", "last_message_at", "buyer_unread", "shop_unread", "read"]
    search_fields = ["shop__name", "buyer__email"]
    raw_id_fields = ["buyer", "shop", "product", "order"]
    exclude = ["buyer_read_upto", "shop_read_upto"]

    @admin.display(description=_("Read (audited)"))
    def read(self, obj):
        url = reverse("conversations:thread", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(Quote)
class QuoteAdmin(ReadOnly):
    list_display = ["pk", "shop", "price_mad", "deposit_percent", "lead_time_days", "status"]
    list_filter = ["status"]
    search_fields = ["shop__name"]
    exclude = ["description"]


@admin.register(Commission)
class CommissionAdmin(ReadOnly):
    list_display = ["pk", "shop", "buyer", "title", "status", "due_at", "outcome"]
    list_filter = ["status", "outcome"]
    search_fields = ["shop__name", "buyer__email", "deposit_order__number"]
    raw_id_fields = ["quote", "conversation", "buyer", "shop", "deposit_order", "balance_order"]
    actions = ["sync"]

    @admin.action(description=_("Bring up to date with their orders"))
    def sync(self, request, queryset):
        for commission in queryset:
            commissions_sync_order(order_id=commission.deposit_order_id)
        messages.success(request, _("Done."))


@admin.register(MessagingBan)
class MessagingBanAdmin(admin.ModelAdmin):
    """Suspensions come from moderators' decisions on reports; deleting one lifts it."""

    list_display = ["user", "created_by", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin_actions import ReasonForm, service_action

from . import services
from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-mostly: moderators hide reviews from the workspace, which audits the change."""

    list_display = ["pk", "rating", "author_name", "product", "shop", "status", "created_at"]
    list_filter = ["status", "rating"]
    search_fields = ["author_name", "text"]
    readonly_fields = [f.name for f in Review._meta.fields]
    actions = ["hide", "mark_checked"]

    hide = service_action(
        "hide", _("Hide from the public"), services.review_hide,
        id_arg="review_id", form_class=ReasonForm,
    )  # fmt: skip
    mark_checked = service_action(
        "mark_checked", _("Mark checked (stays visible)"), services.review_mark_checked,
        id_arg="review_id",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

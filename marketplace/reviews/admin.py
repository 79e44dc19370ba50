from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin_actions import ReasonForm, form_action, service_action

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

    hide = form_action(
        "hide",
        _("Hide from the public"),
        ReasonForm,
        lambda request, review, data: services.review_hide(
            review_id=review.pk, actor=request.user, reason=data["reason"]
        ),
    )
    mark_checked = service_action(
        "mark_checked",
        _("Mark checked (stays visible)"),
        lambda request, review: services.review_mark_checked(
            review_id=review.pk, actor=request.user
        ),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-mostly: moderators hide reviews from the workspace, which audits the change."""

    list_display = ["pk", "rating", "author_name", "product", "shop", "status", "created_at"]
    list_filter = ["status", "rating"]
    search_fields = ["author_name", "text"]
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

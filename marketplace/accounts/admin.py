from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SavedAddress, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "currency", "country", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "language", "currency"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "language", "currency", "country")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(SavedAddress)
class SavedAddressAdmin(admin.ModelAdmin):
    """Buyers keep their own addresses; staff only look."""

    list_display = ["user", "label", "city", "country", "is_default"]
    search_fields = ["user__email", "city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""The admin site, with its log-in guarded like the web log-in (accounts.services.login_guard)."""

from django.contrib import admin
from django.shortcuts import render

from marketplace.core.net import client_ip
from marketplace.core.ratelimit import LimitUnavailable

from . import services


class SoukAdminSite(admin.AdminSite):
    """Django's admin; failed log-ins count against the same limits as the site's."""

    def login(self, request, extra_context=None):
        """Refuse (429) while a limit holds; count a failure, clear the pair on success."""
        if request.method != "POST":
            return super().login(request, extra_context)
        email = (request.POST.get("username") or "").strip().lower()
        ip = client_ip(request)
        try:
            if services.login_guard_blocked(email=email, ip=ip):
                response = render(request, "accounts/throttled.html", status=429)
                response["Retry-After"] = "300"
                return response
            response = super().login(request, extra_context)
            if request.user.is_authenticated and request.user.is_staff:
                services.login_guard_passed(email=email, ip=ip)
            else:
                services.login_guard_failed(email=email, ip=ip)
        except LimitUnavailable:
            response = render(request, "accounts/unavailable.html", status=503)
            response["Retry-After"] = str(LimitUnavailable.retry_after)
        return response

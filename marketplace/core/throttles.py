"""API throttles whose rates are read from settings on every request (tests can change them).

Kept apart from api.py: DRF imports these while defining APIView, before api.py can load.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _DynamicRateThrottle(SimpleRateThrottle):
    """Read the rate from settings on every request (so tests and deployments can change it)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)


class AnonThrottle(_DynamicRateThrottle):
    """Anonymous clients, by address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_DynamicRateThrottle):
    """Signed-in clients, by user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class LoginThrottle(_DynamicRateThrottle):
    """Token requests, by address: slows down password guessing."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ReportThrottle(_DynamicRateThrottle):
    """Reports, by user or address."""

    scope = "report"

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"u{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


DEFAULT_THROTTLES = [AnonThrottle, UserThrottle]

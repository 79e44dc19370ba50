"""API throttles whose rates are read from settings on every request (tests can change them).

Kept apart from api.py: DRF imports these while defining APIView, before api.py can load.

The counters live in the cache (Redis). When it does not answer, a load throttle (anonymous,
signed-in) lets the request through and logs it: the API keeps working through a Redis
outage. A security throttle (log-in, reports) fails closed: 503 with Retry-After.
Addresses are read through marketplace.core.net.client_ip (NUM_PROXIES), never raw XFF.
"""

from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .net import client_ip
from .ratelimit import RETRY_AFTER_SECONDS, warn_once_in_a_while


class CountersUnavailable(exceptions.APIException):
    """The throttle's counters cannot be read: try again shortly."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "This is unavailable for a moment. Please try again in a minute."
    default_code = "temporarily_unavailable"
    retry_after = RETRY_AFTER_SECONDS


class _DynamicRateThrottle(SimpleRateThrottle):
    """Read the rate from settings on every request (so tests and deployments can change it)."""

    fail_closed = False  # True: refuse (503) when the cache is down; False: allow and log

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_ident(self, request):
        """Return the client's address, trusting X-Forwarded-For only from NUM_PROXIES proxies."""
        return client_ip(request) or "unknown"

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # the cache (Redis) is down or broken
            warn_once_in_a_while("throttle %s: cache unavailable (%s)", self.scope, exc)
            if self.fail_closed:
                raise CountersUnavailable from exc
            return True


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
    fail_closed = True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ReportThrottle(_DynamicRateThrottle):
    """Reports, by user or address."""

    scope = "report"
    fail_closed = True

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"u{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


DEFAULT_THROTTLES = [AnonThrottle, UserThrottle]

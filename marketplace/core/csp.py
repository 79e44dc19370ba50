"""The Content-Security-Policy middleware: django-csp's, plus the Stripe.js origins.

The policy itself is settings.CONTENT_SECURITY_POLICY. Stripe's script, API and frame origins
are added here from the current STRIPE_JS_URL and STRIPE_API_BASE (real Stripe, or the
localstripe stand-in on whatever port it runs), so the policy never goes stale against them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def origin(url: str) -> str:
    """Return scheme://host[:port] of a URL, or "" for anything else."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def stripe_sources() -> dict[str, list[str]]:
    """Return the directives Stripe.js needs (script, API calls, 3-D Secure frames)."""
    js, api = origin(settings.STRIPE_JS_URL), origin(settings.STRIPE_API_BASE)
    frames = [js]
    if "stripe.com" in js + api:  # real Stripe opens its own frames for cards and 3-D Secure
        frames += ["https://js.stripe.com", "https://hooks.stripe.com", "https://m.stripe.network"]
    return {
        "script-src": [s for s in (js,) if s],
        "connect-src": [s for s in (api,) if s],
        "frame-src": [s for s in frames if s],
    }


class SoukCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with Stripe's origins added to every policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = {key: list(value) for key, value in (parts.update or {}).items()}
        for directive, sources in stripe_sources().items():
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        return parts

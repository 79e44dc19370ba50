"""The client's address, read the one way every throttle and log-in guard reads it.

Behind reverse proxies, `REMOTE_ADDR` is the last proxy and the client's address is in
`X-Forwarded-For`, which the client can also write. Only the entries the proxies themselves
appended can be trusted: with `NUM_PROXIES = n`, the n-th address from the right. With
`NUM_PROXIES = 0` (the default: the app faces the clients) the header is ignored, so rotating
it lifts no limit. DRF's throttles read the same setting (REST_FRAMEWORK["NUM_PROXIES"]).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """Return the client's address: REMOTE_ADDR, or the one the trusted proxies recorded."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    return candidate if _valid(candidate) else remote

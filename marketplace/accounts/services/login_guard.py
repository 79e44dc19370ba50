"""Failed log-ins, counted per (account, address), per address and per account.

- per (account, address): a few failures lock that pair for a while; that pair's own success
  clears it (whoever succeeds for this account from this address knows its password);
- per address, over every account: password spraying from one address stops; a success from
  that address (the attacker's own account) never clears it;
- per account, from every address: a higher ceiling over a longer window (slower back-off),
  so guesses spread over many addresses stop too, while one address alone (its own limit is
  lower) can never lock the owner out.

Addresses come from marketplace.core.net.client_ip (NUM_PROXIES). When the cache is down the
guard cannot count, so it refuses (LimitUnavailable → 503) instead of allowing unlimited tries.
"""

from __future__ import annotations

from django.conf import settings

from marketplace.core.ratelimit import LimitUnavailable, counts, hashed, hit, reset

__all__ = ["LimitUnavailable", "login_guard_blocked", "login_guard_failed", "login_guard_passed"]


def _keys(email: str, ip: str) -> dict[str, str]:
    account = hashed(email or "-")
    address = ip or "unknown"
    return {
        "pair": f"login:pair:{account}:{address}",
        "address": f"login:address:{address}",
        "account": f"login:account:{account}",
    }


def login_guard_blocked(*, email: str, ip: str) -> str | None:
    """Answer which limit stops a log-in attempt now ("pair", "address", "account"), or None."""
    keys = _keys(email, ip)
    found = counts(list(keys.values()))
    for scope, key in keys.items():
        if found[key] >= settings.LOGIN_GUARD[scope][0]:
            return scope
    return None


def login_guard_failed(*, email: str, ip: str) -> None:
    """Count one failed log-in for the account, the address and the pair."""
    for scope, key in _keys(email, ip).items():
        hit(key, settings.LOGIN_GUARD[scope][1])


def login_guard_passed(*, email: str, ip: str) -> None:
    """Forget this pair's failures after a success (the address and account counts stay)."""
    reset(_keys(email, ip)["pair"])

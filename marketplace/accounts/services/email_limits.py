"""How many account e-mails (reset, confirmation, "you already have an account") a visitor
can make Souk send: per address (the visitor) and per account (the recipient's inbox)."""

from __future__ import annotations

from django.conf import settings

from marketplace.core.ratelimit import counts, hashed, hit


def _keys(kind: str, email: str, ip: str) -> dict[str, str]:
    return {
        "address": f"account-mail:{kind}:address:{ip or 'unknown'}",
        "account": f"account-mail:{kind}:account:{hashed(email)}",
    }


def account_email_allowed(*, kind: str, email: str, ip: str) -> str | None:
    """Count one request for an account e-mail; answer the limit it exceeds, or None.

    "address": this visitor asked too often (the caller may say so: it reveals no account);
    "account": this inbox got enough of them (the caller answers as usual, sends nothing).
    Raises LimitUnavailable when the counters cannot be read.
    """
    keys = _keys(kind, email, ip)
    found = counts(list(keys.values()))
    limits = settings.ACCOUNT_EMAIL_LIMITS
    if found[keys["address"]] >= limits["address"][0]:
        return "address"
    hit(keys["address"], limits["address"][1])
    if found[keys["account"]] >= limits["account"][0]:
        return "account"
    hit(keys["account"], limits["account"][1])
    return None

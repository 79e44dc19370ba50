"""What a checkout asks, checked: the address, the idempotency key, the payment method."""

from __future__ import annotations

import hashlib
import json

from ..countries import zone_for_country
from ..errors import OrderError, OrderErrorCode
from ..methods import payment_method
from ..models import Cart, Order
from ..selectors import order_by_checkout_key

_ADDRESS_FIELDS = {
    "name": ("ship_name", 120, True),
    "line1": ("ship_line1", 200, True),
    "line2": ("ship_line2", 200, False),
    "city": ("ship_city", 100, True),
    "postal_code": ("ship_postal_code", 20, False),
    "country": ("ship_country", 2, True),
    "phone": ("ship_phone", 30, False),
}


def _clean_address(address: dict) -> dict:
    cleaned, missing = {}, []
    for key, (field, max_length, required) in _ADDRESS_FIELDS.items():
        value = str(address.get(key) or "").strip()
        if (required and not value) or len(value) > max_length:
            missing.append(key)
        cleaned[field] = value
    cleaned["ship_country"] = cleaned["ship_country"].upper()
    if zone_for_country(cleaned["ship_country"]) is None:
        missing.append("country")
    if missing:
        raise OrderError(
            OrderErrorCode.INVALID_ADDRESS, fields={k: ["invalid"] for k in sorted(set(missing))}
        )
    return cleaned


def _scoped_key(cart: Cart, key: str | None) -> str | None:
    """Scope a client's idempotency key to its cart: one buyer's key never finds another's order."""
    if not key:
        return None
    return hashlib.sha256(f"{cart.pk}:{key}".encode()).hexdigest()


def _order_for_key(key: str) -> Order | None:
    return order_by_checkout_key(key=key)


def _fingerprint(*, email: str, ship: dict, currency: str, method: str = "card") -> str:
    """Digest what a checkout asked for, to tell a retry from another request under one key."""
    asked = {"email": email, "ship": ship, "currency": currency}
    if method != "card":  # card checkouts keep the digest they always had
        asked["payment_method"] = method
    asked = json.dumps(asked, sort_keys=True)
    return hashlib.sha256(asked.encode()).hexdigest()


def _replayed(existing: Order, fingerprint: str) -> Order:
    """Answer the order a key placed, unless the request differs from the one that placed it."""
    if existing.idempotency_fingerprint and existing.idempotency_fingerprint != fingerprint:
        raise OrderError(OrderErrorCode.IDEMPOTENCY_KEY_REUSED)
    return existing


def payment_method_get(code: str):
    """Answer the registered payment method named `code`, or refuse the checkout (400)."""
    method = payment_method(str(code or "card"))
    if method is None:
        raise OrderError(
            OrderErrorCode.INVALID_PAYMENT_METHOD, fields={"payment_method": ["invalid"]}
        )
    return method

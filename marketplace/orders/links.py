"""Signed links that let a guest buyer open their order without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

_SALT = "orders.guest-link"


def order_token(number: str) -> str:
    """Return a signature proving the holder received this order's e-mail."""
    return signing.dumps(number, salt=_SALT, compress=True)


def order_token_valid(number: str, token: str) -> bool:
    """Tell whether a token was signed by us for this order number."""
    if not token:
        return False
    try:
        return signing.loads(token, salt=_SALT) == number
    except signing.BadSignature:
        return False


def order_link(number: str, language: str, *, absolute: bool = True) -> str:
    """Return the order page URL in a language, with the guest token."""
    with translation.override(language):
        path = reverse("orders:order_detail", kwargs={"number": number})
    url = f"{path}?t={order_token(number)}"
    return f"{settings.SITE_URL}{url}" if absolute else url

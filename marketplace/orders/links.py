"""Signed links that let a guest buyer open (and pay) their order without an account.

A guest proves an order is theirs by the browser that placed it (its number is kept in the
session) or by the signed link from the order's e-mails, which expires after
settings.ORDER_LINK_MAX_AGE seconds. The order number alone (printed on packing slips, in
e-mail subjects) proves nothing. The order page and the pay pages ask the same proof.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

_SALT = "orders.guest-link"
# The session key holding the numbers of the orders this browser placed or opened by link.
SESSION_ORDERS_KEY = "guest_orders"


def order_token(number: str) -> str:
    """Return a signature proving the holder received this order's e-mail."""
    return signing.dumps(number, salt=_SALT, compress=True)


def order_token_valid(number: str, token: str) -> bool:
    """Tell whether a token was signed by us for this order number."""
    if not token:
        return False
    try:
        max_age = getattr(settings, "ORDER_LINK_MAX_AGE", None)
        return signing.loads(token[:500], salt=_SALT, max_age=max_age) == number
    except signing.BadSignature:  # SignatureExpired included
        return False


def order_remember(request, number: str) -> None:
    """Let this browser open the order again without the link (its session keeps 20)."""
    mine = request.session.get(SESSION_ORDERS_KEY, [])
    if number not in mine:
        request.session[SESSION_ORDERS_KEY] = [*mine, number][-20:]


def order_access(request, order) -> bool:
    """Tell whether this visitor may see an order: its signed-in buyer, the browser that
    placed it, or the holder of an unexpired signed link (?t=, then kept in the session)."""
    user = getattr(request, "user", None)
    if order.buyer_id and user is not None and user.pk == order.buyer_id:
        return True
    if order.number in request.session.get(SESSION_ORDERS_KEY, []):
        return True
    if order_token_valid(order.number, request.GET.get("t", "")):
        order_remember(request, order.number)
        return True
    return False


def order_link(number: str, language: str, *, absolute: bool = True) -> str:
    """Return the order page URL in a language, with the guest token."""
    with translation.override(language):
        path = reverse("orders:order_detail", kwargs={"number": number})
    url = f"{path}?t={order_token(number)}"
    return f"{settings.SITE_URL}{url}" if absolute else url

"""The cart badge in the header: one cheap query, none for visitors without a cart."""

from .selectors import cart_count

SESSION_CART_KEY = "cart_token"


def cart(request):
    """Expose `cart_count` (pieces in the visitor's cart) to every template."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    token = session.get(SESSION_CART_KEY) if session is not None else None
    if user is not None and user.is_authenticated:
        return {"cart_count": cart_count(user=user)}
    if token:
        return {"cart_count": cart_count(session_key=token)}
    return {"cart_count": 0}

"""Merge the visitor's session cart into their own cart when they log in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .context_processors import SESSION_CART_KEY


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_at_login")
def merge_cart_at_login(sender, request, user, **kwargs):
    from .models import Cart
    from .services import cart_get_or_create, cart_merge

    session = getattr(request, "session", None)
    token = session.get(SESSION_CART_KEY) if session is not None else None
    if not token:
        return
    source = Cart.objects.filter(session_key=token).first()
    if source is not None:
        cart_merge(source=source, target=cart_get_or_create(user=user))
    session.pop(SESSION_CART_KEY, None)

"""Merge the session cart at log-in; queue the customs papers of a parcel paid or accepted."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from .context_processors import SESSION_CART_KEY
from .hooks import shop_order_changed


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


@receiver(shop_order_changed, dispatch_uid="orders.customs_documents")
def customs_documents_when_paid_or_accepted(sender, shop_order, to_status, **kwargs):
    """Queue the customs papers of a parcel going abroad once it is paid, and on acceptance."""
    from .status import ShopOrderStatus
    from .tasks import shop_order_documents_task

    if to_status not in (ShopOrderStatus.PAID, ShopOrderStatus.ACCEPTED):
        return
    if shop_order.order.ship_country == "MA":
        return
    pk = shop_order.pk
    transaction.on_commit(lambda: shop_order_documents_task.delay(pk), robust=True)

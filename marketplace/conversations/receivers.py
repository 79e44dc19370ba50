"""Follow commissioned pieces' orders: orders only signals, the commission syncs after commit."""

from django.db import transaction
from django.dispatch import receiver

from marketplace.orders.hooks import shop_order_changed
from marketplace.orders.models import OrderKind


@receiver(shop_order_changed, dispatch_uid="conversations.follow_commission_orders")
def follow_commission_orders(sender, shop_order, from_status, to_status, actor, **kwargs):
    """Sync the commission after commit when one of its orders moves (no lock taken here)."""
    order = getattr(shop_order, "order", None)
    kind = getattr(order, "kind", None)
    if kind not in (OrderKind.DEPOSIT, OrderKind.BALANCE):
        return
    order_id = shop_order.order_id

    def sync():
        from .services import commissions_sync_order

        commissions_sync_order(order_id=order_id)

    transaction.on_commit(sync, robust=True)

"""Following shop orders (orders' shop_order_changed): split at sale, shares, certificates."""

from django.db import transaction
from django.dispatch import receiver

from marketplace.core.ratelimit import warn_once_in_a_while
from marketplace.orders.hooks import shop_order_changed
from marketplace.orders.status import ShopOrderStatus


@receiver(shop_order_changed, dispatch_uid="provenance.follow_shop_orders")
def follow_shop_order(sender, shop_order, from_status, to_status, actor=None, **kwargs):
    """Freeze the split when paid, record shares when credited, certify when shipped."""
    from .services import line_splits_freeze, member_shares_record
    from .tasks import certificates_issue_task

    if to_status == ShopOrderStatus.PAID:
        line_splits_freeze(shop_order_id=shop_order.pk)
    elif to_status == ShopOrderStatus.SHIPPED:
        pk = shop_order.pk
        transaction.on_commit(lambda: _queue(certificates_issue_task, pk), robust=True)
    elif to_status == ShopOrderStatus.DELIVERED:
        # The ledger credits the shop in this same transaction (payments' ledger service).
        member_shares_record(shop_order_id=shop_order.pk)


def _queue(task, *args) -> None:
    """Publish a task; a broker that does not answer leaves the work to the sweep task."""
    try:
        task.delay(*args)
    except Exception as exc:
        warn_once_in_a_while("%s%s not queued, left to the sweep: %s", task.name, args, exc)

"""Scheduled order work (beat): release unpaid orders, close shipped ones with no dispute."""

from celery import shared_task

from marketplace.celery import TRANSIENT_ERRORS


@shared_task(
    name="orders.release_unpaid",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def orders_release_unpaid_task() -> int:
    """Cancel orders left unpaid past the timeout and return their stock."""
    from .services import orders_release_unpaid

    return orders_release_unpaid()


@shared_task(
    name="orders.mark_delivered_due",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def orders_mark_delivered_due_task() -> int:
    """Mark delivered the parts shipped long ago without a dispute."""
    from .services import orders_mark_delivered_due

    return orders_mark_delivered_due()


@shared_task(
    name="orders.document_customs",  # "*.document_*": the heavy queue (settings)
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def shop_order_documents_task(shop_order_id: int) -> int:
    """Make or refresh a shop order's customs documents while it is not shipped yet."""
    from marketplace.shipping.services import shipment_documents_store

    from .models import ShopOrder
    from .selectors import shop_order_consignment
    from .status import ShopOrderStatus

    status = ShopOrder.objects.filter(pk=shop_order_id).values_list("status", flat=True).first()
    if status not in (ShopOrderStatus.PAID, ShopOrderStatus.ACCEPTED):
        return 0  # shipped papers are kept as they left; cancelled parts need none
    consignment = shop_order_consignment(shop_order_id=shop_order_id)
    if consignment is None:
        return 0
    return len(shipment_documents_store(consignment=consignment))

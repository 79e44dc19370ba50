"""Orders in the admin: the status is read-only; staff move a shop order with actions that
call the fulfilment services (transition table, event, audit row, ledger, stock, refund)."""

from decimal import Decimal

import pytest

from marketplace.moderation.models import AuditEntry
from marketplace.orders.models import OrderEvent, ShopOrder
from payments.models import LedgerEntry, Refund
from tests.factories.orders import OrderLineFactory, order_with_parts

from .conftest import change_form_data, post_action

CHANGELIST = "/admin/orders/shoporder/"


def _change(shop_order):
    return f"{CHANGELIST}{shop_order.pk}/change/"


@pytest.mark.django_db
def test_posting_a_status_through_the_change_forms_changes_nothing(client, staff):
    order = order_with_parts(shops=1, status="paid")
    shop_order = order.shop_orders.get()
    url = _change(shop_order)
    assert 'name="status"' not in client.get(url).content.decode()
    data = change_form_data(client, url)
    data.update({"status": "delivered", "carrier": "Amana", "tracking_number": "X1"})
    response = client.post(url, data)
    assert response.status_code == 302  # the form was accepted...
    shop_order.refresh_from_db()
    assert shop_order.status == "paid"  # ...and the status left alone
    assert (shop_order.carrier, shop_order.tracking_number) == ("", "")
    assert not OrderEvent.objects.filter(shop_order=shop_order).exists()
    assert not LedgerEntry.objects.exists()

    order_url = f"/admin/orders/order/{order.pk}/change/"
    before = order.status
    data = change_form_data(client, order_url)
    data["status"] = "completed"
    assert client.post(order_url, data).status_code == 302
    order.refresh_from_db()
    assert order.status == before != "completed"


@pytest.mark.django_db
def test_accept_ship_deliver_actions_go_through_the_services(client, staff):
    order = order_with_parts(shops=1, status="paid")
    shop_order = order.shop_orders.get()

    post_action(client, CHANGELIST, "accept", [shop_order.pk])
    shop_order.refresh_from_db()
    assert shop_order.status == "accepted" and shop_order.accepted_at is not None

    # Shipping asks for the carrier and tracking number first; nothing moves until then.
    page = post_action(client, CHANGELIST, "ship", [shop_order.pk])
    assert page.status_code == 200 and 'name="tracking_number"' in page.content.decode()
    shop_order.refresh_from_db()
    assert shop_order.status == "accepted"
    post_action(
        client, CHANGELIST, "ship", [shop_order.pk],
        apply="1", carrier="DHL", tracking_number="1234567890",
    )  # fmt: skip
    shop_order.refresh_from_db()
    assert (shop_order.status, shop_order.tracking_number) == ("shipped", "1234567890")

    post_action(client, CHANGELIST, "deliver", [shop_order.pk])
    shop_order.refresh_from_db()
    assert shop_order.status == "delivered"
    # The service's side effects: one event per step, the ledger credit, the audit rows.
    steps = list(
        OrderEvent.objects.filter(shop_order=shop_order)
        .order_by("pk")
        .values_list("from_status", "to_status", "actor")
    )
    assert steps == [
        ("paid", "accepted", staff.pk),
        ("accepted", "shipped", staff.pk),
        ("shipped", "delivered", staff.pk),
    ]
    sale = LedgerEntry.objects.get(shop_order=shop_order, kind=LedgerEntry.Kind.SALE)
    assert sale.amount_mad == shop_order.total_mad
    audit = list(
        AuditEntry.objects.filter(object_id=str(shop_order.pk))
        .order_by("pk")
        .values_list("action", "actor", "changes")
    )
    assert audit == [
        ("admin.shop_order.accept", staff.pk, {"status": ["paid", "accepted"]}),
        ("admin.shop_order.ship", staff.pk, {"status": ["accepted", "shipped"]}),
        ("admin.shop_order.deliver", staff.pk, {"status": ["shipped", "delivered"]}),
    ]


@pytest.mark.django_db
def test_a_refused_transition_is_a_warning_and_changes_nothing(client, staff):
    order = order_with_parts(shops=1, status="pending_payment")
    shop_order = order.shop_orders.get()
    response = post_action(client, CHANGELIST, "deliver", [shop_order.pk])
    assert response.status_code == 302
    shop_order.refresh_from_db()
    assert shop_order.status == "pending_payment"
    assert not AuditEntry.objects.exists() and not LedgerEntry.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(str(shop_order) in m for m in messages)


@pytest.mark.django_db(transaction=True)
def test_cancel_action_returns_stock_and_refunds_a_paid_part(client, staff, localstripe):
    from tests.payments.test_refunds import _paid_order, _refunded_on_stripe

    order = _paid_order(localstripe)
    first, second = order.shop_orders.order_by("pk")
    line = OrderLineFactory(shop_order=first, quantity=2, variant__stock=3)
    stock_before = line.variant.stock

    page = post_action(client, CHANGELIST, "cancel", [first.pk])
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    post_action(client, CHANGELIST, "cancel", [first.pk], apply="1", reason="Shop closed")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "paid")
    line.variant.refresh_from_db()
    assert line.variant.stock == stock_before + line.quantity
    refund = Refund.objects.get(shop_order=first)
    assert (refund.amount, refund.status) == (Decimal("300.00"), "succeeded")
    assert _refunded_on_stripe(order) == 30000
    entry = AuditEntry.objects.get(action="admin.shop_order.cancel")
    assert (entry.actor_id, entry.reason) == (staff.pk, "Shop closed")
    assert ShopOrder.objects.get(pk=first.pk).cancel_reason == "Shop closed"

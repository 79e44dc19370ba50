"""The order state machine: the transition table, events, e-mails, stock, holds."""

import pytest

from marketplace.core.models import OutboxEmail
from marketplace.orders import services
from marketplace.orders.errors import OrderError
from marketplace.orders.models import OrderEvent, ShopOrder
from marketplace.orders.status import METHOD_ONLY, TRANSITIONS, ShopOrderStatus
from tests.factories import UserFactory
from tests.factories.orders import ShopOrderFactory, order_with_parts

pytestmark = pytest.mark.django_db

ALL = list(ShopOrderStatus.values)
FORBIDDEN = [(a, b) for a in ALL for b in ALL if b not in TRANSITIONS[a]]
ALLOWED = [(a, b) for a in ALL for b in TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_and_changes_nothing(current, target):
    shop_order = ShopOrderFactory(status=current)
    with pytest.raises(OrderError) as err:
        services.shop_order_transition(shop_order_id=shop_order.pk, to_status=target)
    assert err.value.status == 409
    shop_order.refresh_from_db()
    assert shop_order.status == current
    assert not OrderEvent.objects.filter(shop_order=shop_order).exists()
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition_is_applied_with_one_event(current, target):
    # A step only one payment method takes (METHOD_ONLY) is tried on an order of that method.
    method = METHOD_ONLY.get((current, target), "card")
    shop_order = ShopOrderFactory(status=current, order__payment_method=method)
    actor = UserFactory()
    services.shop_order_transition(
        shop_order_id=shop_order.pk, to_status=target, actor=actor, note="why"
    )
    shop_order.refresh_from_db()
    assert shop_order.status == target
    event = OrderEvent.objects.get(shop_order=shop_order)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        current,
        target,
        actor,
        "why",
    )


@pytest.mark.parametrize(("step", "method"), list(METHOD_ONLY.items()))
def test_a_step_of_one_payment_method_is_refused_for_the_other(step, method):
    current, target = step
    other = "card" if method == "cod" else "cod"
    shop_order = ShopOrderFactory(status=current, order__payment_method=other)
    with pytest.raises(OrderError) as err:
        services.shop_order_transition(shop_order_id=shop_order.pk, to_status=target)
    assert err.value.status == 409
    shop_order.refresh_from_db()
    assert shop_order.status == current
    assert not OrderEvent.objects.filter(shop_order=shop_order).exists()


def test_mark_paid_is_idempotent_and_queues_each_email_once(django_capture_on_commit_callbacks):
    order = order_with_parts(shops=2)
    owners = []
    for so in order.shop_orders.all():
        user = UserFactory()
        so.shop.artisan.user = user
        so.shop.artisan.save()
        owners.append(user.email)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.order_mark_paid(order_id=order.pk, payment_id=7) is True
        assert services.order_mark_paid(order_id=order.pk, payment_id=7) is False
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at is not None
    assert set(order.shop_orders.values_list("status", flat=True)) == {"paid"}
    sent = OutboxEmail.objects.order_by("kind", "to_email")
    assert sorted((e.kind, e.to_email) for e in sent) == sorted(
        [("order_paid_buyer", order.email)] + [("order_new_shop", e) for e in owners]
    )
    assert all(e.sent_at is not None for e in sent)  # sent after commit (eager in tests)
    buyer_mail = OutboxEmail.objects.get(kind="order_paid_buyer")
    assert order.number in buyer_mail.subject
    assert "?t=" in buyer_mail.body_text and buyer_mail.body_html
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 2


def test_ship_requires_tracking_and_emails_the_buyer_with_it():
    order = order_with_parts(shops=1, status="accepted")
    so = order.shop_orders.get()
    with pytest.raises(OrderError):
        services.shop_order_ship(shop_order_id=so.pk, actor=None, carrier="", tracking_number="")
    services.shop_order_ship(
        shop_order_id=so.pk, actor=None, carrier="Amana", tracking_number="RR123456785MA"
    )
    so.refresh_from_db()
    assert (so.status, so.tracking_number) == ("shipped", "RR123456785MA")
    mail = OutboxEmail.objects.get(kind="order_shipped_buyer")
    assert "RR123456785MA" in mail.body_text and mail.to_email == order.email


def test_order_status_is_derived_from_its_parts():
    order = order_with_parts(shops=2, status="paid")
    first, second = order.shop_orders.order_by("pk")
    services.shop_order_accept(shop_order_id=first.pk, actor=None)
    order.refresh_from_db()
    assert order.status == "in_progress"
    services.shop_order_cancel(shop_order_id=second.pk, actor=None, reason="broken in the kiln")
    services.shop_order_ship(
        shop_order_id=first.pk, actor=None, carrier="DHL", tracking_number="1234567890"
    )
    services.shop_order_deliver(shop_order_id=first.pk)
    order.refresh_from_db()
    assert order.status == "completed"


def test_cancel_returns_stock_once():
    order = order_with_parts(shops=1, stock=3, quantity=2, status="paid")
    so = order.shop_orders.get()
    variant = so.lines.get().variant
    services.shop_order_cancel(shop_order_id=so.pk, actor=None, reason="")
    variant.refresh_from_db()
    assert variant.stock == 5
    with pytest.raises(OrderError):
        services.shop_order_cancel(shop_order_id=so.pk, actor=None, reason="")
    variant.refresh_from_db()
    assert variant.stock == 5


@pytest.mark.parametrize("status", ["accepted", "shipped"])
def test_a_buyer_cannot_cancel_once_the_shop_has_accepted(status):
    # The check is made under the row lock by the service, whatever the page showed: a shop
    # accepting while the buyer clicks "cancel" wins, and nothing changes.
    order = order_with_parts(shops=1, stock=3, quantity=2, status=status)
    so = order.shop_orders.get()
    variant = so.lines.get().variant
    with pytest.raises(OrderError) as err:
        services.shop_order_cancel(shop_order_id=so.pk, actor=None, reason="", by_buyer=True)
    assert err.value.code == "not_cancellable" and err.value.status == 409
    so.refresh_from_db()
    variant.refresh_from_db()
    assert so.status == status and variant.stock == 3
    # The shop itself may still cancel an accepted part.
    if status == "accepted":
        services.shop_order_cancel(shop_order_id=so.pk, actor=None, reason="kiln broke")
        so.refresh_from_db()
        assert so.status == "cancelled"


def test_a_buyer_can_cancel_until_the_shop_accepts():
    order = order_with_parts(shops=1, stock=3, quantity=2, status="paid")
    so = order.shop_orders.get()
    services.shop_order_cancel(shop_order_id=so.pk, actor=None, reason="", by_buyer=True)
    so.refresh_from_db()
    assert so.status == "cancelled"


def test_hold_marks_the_order_for_review():
    order = order_with_parts(shops=1)
    services.order_hold(order_id=order.pk, reason="amount mismatch")
    order.refresh_from_db()
    assert order.held_for_review and order.hold_reason == "amount mismatch"
    assert OrderEvent.objects.filter(order=order, kind="held").count() == 1


def test_payment_after_release_holds_the_order_instead_of_paying_it():
    order = order_with_parts(shops=1)
    so = order.shop_orders.get()
    services.shop_order_transition(shop_order_id=so.pk, to_status="cancelled")
    assert services.order_mark_paid(order_id=order.pk) is False
    order.refresh_from_db()
    assert order.held_for_review
    assert ShopOrder.objects.get(pk=so.pk).status == "cancelled"
    assert not OutboxEmail.objects.filter(kind="order_paid_buyer").exists()

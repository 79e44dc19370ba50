"""Refunds against localstripe: capped by us under a lock, recorded once, optional restock."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from marketplace.catalogue.models import Variant
from payments import stripe_client
from payments.errors import PaymentError, PaymentErrorCode
from payments.models import LedgerEntry, Refund
from payments.services import (
    ledger_record_delivery,
    payment_apply_succeeded,
    payment_confirm,
    refund_create,
)
from tests.factories.accounts import UserFactory
from tests.factories.orders import OrderLineFactory
from tests.factories.payments import order_awaiting_payment

from .test_localstripe_flow import CARD_OK, card

pytestmark = pytest.mark.django_db(transaction=True)


def _paid_order(localstripe_base, totals=(Decimal("300.00"), Decimal("200.00"))):
    order = order_awaiting_payment(totals=totals)
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    # What the webhook would do, with Stripe's own answer about the intent.
    assert (
        payment_apply_succeeded(intent=stripe_client.intent_retrieve(payment.intent_id)) == "paid"
    )
    return order


def _refunded_on_stripe(order) -> int:
    import stripe
    from django.conf import settings

    sdk = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE}
    )
    refunds = sdk.v1.refunds.list({"payment_intent": order.payment.intent_id})
    return sum(r.amount for r in refunds.data)


def test_full_refund_of_one_shop_order_then_nothing_left(localstripe):
    order = _paid_order(localstripe)
    first, second = order.shop_orders.order_by("pk")
    refund = refund_create(shop_order_id=first.pk, reason="broken in transit")
    assert (refund.amount, refund.status) == (Decimal("300.00"), "succeeded")
    assert refund.provider_refund_id.startswith("re_")
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=first.pk)
    assert err.value.code == PaymentErrorCode.NOTHING_TO_REFUND and err.value.status == 409
    # The other shop's part is untouched and still refundable in part.
    part = refund_create(shop_order_id=second.pk, amount=Decimal("50.00"))
    assert part.amount == Decimal("50.00")
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=second.pk, amount=Decimal("150.01"))
    assert err.value.code == PaymentErrorCode.REFUND_TOO_LARGE
    assert _refunded_on_stripe(order) == 35000  # localstripe itself would accept more


def test_same_idempotency_key_records_one_refund(localstripe):
    order = _paid_order(localstripe)
    shop_order = order.shop_orders.first()
    a = refund_create(shop_order_id=shop_order.pk, amount=Decimal("10.00"), idempotency_key="k1")
    b = refund_create(shop_order_id=shop_order.pk, amount=Decimal("10.00"), idempotency_key="k1")
    assert a.pk == b.pk
    assert Refund.objects.count() == 1
    assert _refunded_on_stripe(order) == 1000


def test_refund_of_an_unpaid_order_is_refused(localstripe):
    order = order_awaiting_payment()
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=order.shop_orders.get().pk)
    assert err.value.code == PaymentErrorCode.NOT_PAID
    assert not Refund.objects.exists()


def test_refund_after_delivery_debits_the_shop_and_can_return_stock(localstripe):
    order = order_awaiting_payment(totals=(Decimal("250.00"),))
    shop_order = order.shop_orders.get()
    line = OrderLineFactory(shop_order=shop_order, quantity=2)
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    payment_apply_succeeded(intent=stripe_client.intent_retrieve(payment.intent_id))
    ledger_record_delivery(shop_order_id=shop_order.pk)
    staff = UserFactory(is_staff=True)
    refund_create(shop_order_id=shop_order.pk, actor=staff, return_stock=True, reason="return")
    entries = dict(
        LedgerEntry.objects.filter(shop_order=shop_order).values_list("kind", "amount_mad")
    )
    assert entries == {
        "sale": Decimal("250.00"),
        "commission": Decimal("-25.00"),
        "refund": Decimal("-250.00"),
    }
    assert Variant.objects.get(pk=line.variant_id).stock == stock_before + 2


@pytest.mark.postgres
def test_two_parallel_full_refunds_make_one_and_a_third_is_refused(localstripe):
    order = _paid_order(localstripe)
    shop_order = order.shop_orders.order_by("pk").first()
    barrier = threading.Barrier(2)
    outcomes = []

    def refund():
        try:
            barrier.wait()
            outcomes.append(refund_create(shop_order_id=shop_order.pk).amount)
        except PaymentError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=refund) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes)) == ["300.00", "nothing_to_refund"]
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=shop_order.pk)
    assert err.value.code == PaymentErrorCode.NOTHING_TO_REFUND
    assert Refund.objects.filter(status="succeeded").count() == 1
    assert _refunded_on_stripe(order) == 30000

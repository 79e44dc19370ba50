"""The commission ledger balances for any order history (hypothesis), and payouts group it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from marketplace.core.money import quantize
from payments import stripe_client
from payments.models import LedgerEntry, Payment, Payout, Refund
from payments.selectors import shop_balance, shop_payouts
from payments.services import (
    ledger_record_delivery,
    payout_settle,
    payouts_create_due,
    refund_create,
)
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ShopFactory
from tests.factories.orders import OrderFactory, ShopOrderFactory
from tests.factories.payments import PaymentFactory


@pytest.fixture
def fake_stripe_refunds(monkeypatch):
    """Stand in for Stripe's servers only: every refund call succeeds."""
    calls = []

    def refund_create_on_stripe(*, intent_id, amount, currency, idempotency_key, metadata):
        calls.append(idempotency_key)
        return {"id": f"re_{len(calls)}_{idempotency_key[-8:]}", "status": "succeeded",
                "amount": amount}  # fmt: skip

    monkeypatch.setattr(stripe_client, "refund_create", refund_create_on_stripe)
    return calls


def _sum(qs, field="amount_mad"):
    # SQLite sums decimals as floats; the ledger's figures are cents.
    return quantize(qs.aggregate(s=Sum(field))["s"] or Decimal("0"), "MAD")


money = st.decimals(min_value=Decimal("10.00"), max_value=Decimal("9000.00"), places=2)
fraction = st.sampled_from([None, Decimal("0"), Decimal("0.1"), Decimal("0.5"), Decimal("1")])
shop_order_history = st.fixed_dictionaries(
    {
        "shop": st.integers(0, 2),
        "total": money,
        "refund_before": fraction,  # share refunded before delivery (None: no refund)
        "delivered": st.booleans(),
        "refund_after": fraction,  # share of the rest refunded after delivery
        "payout_between": st.booleans(),  # run payouts between delivery and the late refund
    }
)


@pytest.mark.django_db
@hsettings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=st.lists(shop_order_history, min_size=1, max_size=6),
    rates=st.lists(st.sampled_from(["0", "0.05", "0.1", "0.15"]), min_size=3, max_size=3),
)
def test_ledger_balances_for_any_history(fake_stripe_refunds, history, rates):
    with transaction.atomic():
        _check_history(history, [Decimal(r) for r in rates])
        transaction.set_rollback(True)


def _refund_share(shop_order, share):
    if share is None:
        return
    left = shop_order.total - _sum(shop_order.refunds.filter(status="succeeded"), "amount")
    amount = None if share == 1 else quantize(left * share, "MAD")
    if amount is not None and amount <= 0:
        return
    if left > 0:
        refund_create(shop_order_id=shop_order.pk, amount=amount)


def _check_history(history, rates):
    shops = [ShopFactory(commission_rate=rate) for rate in rates]
    future = timezone.now() + timedelta(days=365)
    shop_orders = []
    for step in history:
        shop = shops[step["shop"]]
        order = OrderFactory(total=step["total"], total_mad=step["total"])
        so = ShopOrderFactory(
            order=order, shop=shop, total=step["total"], total_mad=step["total"],
            subtotal_mad=step["total"], shipping_mad=Decimal("0"),
            commission_rate=shop.commission_rate,
        )  # fmt: skip
        PaymentFactory(order=order, status=Payment.Status.SUCCEEDED)
        _refund_share(so, step["refund_before"])
        pre_refunded = _sum(so.refunds.filter(status="succeeded"))
        if step["delivered"]:
            ledger_record_delivery(shop_order_id=so.pk)
            ledger_record_delivery(shop_order_id=so.pk)  # idempotent
            expected = quantize((so.total_mad - pre_refunded) * so.commission_rate, "MAD")
            assert LedgerEntry.objects.get(shop_order=so, kind="commission").amount_mad == (
                -expected
            )
            if step["payout_between"]:
                payouts_create_due(now=future)
            _refund_share(so, step["refund_after"])
        shop_orders.append(so)
    payouts_create_due(now=future)

    # Never more refunded than captured, per shop order.
    for so in shop_orders:
        assert _sum(so.refunds.filter(status="succeeded"), "amount") <= so.total

    captured = sum((so.total_mad for so in shop_orders), Decimal("0"))
    refunded = _sum(Refund.objects.filter(status="succeeded"))
    undelivered_kept = Decimal("0")
    for so in shop_orders:
        if not so.ledger_entries.filter(kind="sale").exists():
            undelivered_kept += so.total_mad - _sum(so.refunds.filter(status="succeeded"))
    commissions = -_sum(LedgerEntry.objects.filter(kind="commission"))
    shop_net = Decimal("0")

    for shop in shops:
        entries = LedgerEntry.objects.filter(shop=shop)
        sales = _sum(entries.filter(kind="sale"))
        shop_commission = -_sum(entries.filter(kind="commission"))
        shop_refunds = -_sum(entries.filter(kind="refund"))
        paid_out = _sum(Payout.objects.filter(shop=shop))
        balance = shop_balance(shop_id=shop.pk)
        # sales = shop credits (still owed + paid out) + commissions + refunds
        owed = balance["available"] + balance["pending"]
        assert sales == (owed + paid_out) + shop_commission + shop_refunds
        # Each payout is exactly the entries it groups, and the ledger records it once.
        for payout in shop_payouts(shop_id=shop.pk):
            grouped = _sum(payout.ledger_entries.exclude(kind="payout"))
            assert payout.amount_mad == grouped > 0
            assert _sum(payout.ledger_entries.filter(kind="payout")) == -payout.amount_mad
        # Refund entries are exactly the refunds of delivered parts.
        delivered_refunds = _sum(
            Refund.objects.filter(status="succeeded", shop_order__shop=shop,
                                  shop_order__ledger_entries__kind="sale")
        )  # fmt: skip
        assert shop_refunds == delivered_refunds
        shop_net += owed + paid_out

    # Money in from buyers, less money given back = shops + platform + parts not yet delivered.
    assert captured - refunded == shop_net + commissions + undelivered_kept


@pytest.mark.django_db
def test_payouts_wait_for_the_holding_period_and_staff_settle_them(fake_stripe_refunds):
    shop = ShopFactory(commission_rate=Decimal("0.1000"))
    order = OrderFactory(total=Decimal("300.00"), total_mad=Decimal("300.00"))
    so = ShopOrderFactory(order=order, shop=shop, total=order.total, total_mad=order.total_mad)
    PaymentFactory(order=so.order, status=Payment.Status.SUCCEEDED)
    ledger_record_delivery(shop_order_id=so.pk)
    assert payouts_create_due() == []  # still inside the holding period
    assert shop_balance(shop_id=shop.pk)["pending"] == Decimal("270.00")
    later = timezone.now() + timedelta(days=15)
    [payout] = payouts_create_due(now=later)
    assert payout.amount_mad == Decimal("270.00")
    assert payouts_create_due(now=later) == []  # nothing twice
    staff = UserFactory(is_staff=True)
    payout_settle(payout_id=payout.pk, actor=staff, reference="VIR-2026-001")
    balance = shop_balance(shop_id=shop.pk)
    assert balance["paid_out"] == Decimal("270.00")
    assert balance["available"] == Decimal("0.00")
    with pytest.raises(Exception) as err:
        payout_settle(payout_id=payout.pk, actor=staff)
    assert getattr(err.value, "code", "") == "payout_not_pending"

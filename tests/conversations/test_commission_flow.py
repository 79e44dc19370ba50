"""Commissioned pieces through the real payment path: localstripe, its signed webhook, refunds.

The ledger is read at every step: nothing at quote, deposit or balance payment; the deposit
(minus commission) when the piece ships; the balance (minus commission) on delivery.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from marketplace.conversations.errors import ConversationError, ConversationErrorCode
from marketplace.conversations.models import Commission, Message, Quote
from marketplace.conversations.services import (
    commission_cancel,
    commission_decide,
    commission_mark_ready,
    commission_post_progress,
    conversation_start,
    quote_accept,
    quote_create,
)
from marketplace.orders.models import Order, ShopOrder
from marketplace.orders.services import shop_order_accept, shop_order_deliver, shop_order_ship
from payments.models import LedgerEntry, Payment, Refund
from payments.selectors import shop_balance
from payments.services import payment_confirm
from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401 (fixtures)
from tests.payments.test_localstripe_flow import (
    CARD_OK,
    card,
    wait_for,
    webhook,  # noqa: F401 (fixture)
)

from .conftest import US_ADDRESS, photo

pytestmark = pytest.mark.django_db(transaction=True)

PRICE = Decimal("4000.00")  # a 200 × 300 cm carpet, 30 % deposit, shipped to Boston for 150 MAD
DEPOSIT_MAD = Decimal("1200.00")
BALANCE_MAD = Decimal("2800.00") + Decimal("150.00")


def ledger(shop) -> list[tuple[str, str, Decimal]]:
    """The shop's ledger as (order kind, entry kind, amount), in order."""
    return [
        (e.shop_order.order.kind, e.kind, e.amount_mad)
        for e in LedgerEntry.objects.filter(shop=shop).select_related("shop_order__order")
    ]


def _quote(cast, *, valid_days=14, lead=30) -> Quote:
    conversation, _ = conversation_start(
        buyer=cast.buyer, shop_id=cast.shop.pk, text="Could you weave it 200×300 cm, in indigo?"
    )
    return quote_create(
        conversation_id=conversation.pk,
        actor=cast.manager,
        description="Azilal carpet, hand-knotted wool\nindigo and saffron",
        dimensions="200 × 300 cm",
        colours="indigo, saffron",
        price_mad=PRICE,
        lead_time_days=lead,
        deposit_percent=30,
        valid_days=valid_days,
    )


def _pay(order: Order) -> Payment:
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    assert payment.status == Payment.Status.PROCESSING  # the webhook decides, not this answer
    return payment


def _status(commission) -> str:
    return Commission.objects.get(pk=commission.pk).status


def _deposit_paid(cast) -> Commission:
    commission = quote_accept(
        quote_id=_quote(cast).pk, buyer=cast.buyer, address=US_ADDRESS, currency="USD"
    )
    _pay(commission.deposit_order)
    assert wait_for(lambda: _status(commission) == "deposit_paid")
    commission.refresh_from_db()
    return commission


@pytest.mark.usefixtures("webhook")
def test_quote_to_delivery_with_the_ledger_exact_at_each_step(cast):
    quote = _quote(cast)
    assert ledger(cast.shop) == []

    commission = quote_accept(
        quote_id=quote.pk, buyer=cast.buyer, address=US_ADDRESS, currency="USD"
    )
    deposit = commission.deposit_order
    assert (deposit.kind, deposit.total_mad, deposit.currency) == ("deposit", DEPOSIT_MAD, "USD")
    assert deposit.total == Decimal("120.00")  # 1,200 MAD at 0.1000 USD per MAD
    assert commission.status == "awaiting_deposit"

    _pay(deposit)
    assert wait_for(lambda: _status(commission) == "deposit_paid")
    commission.refresh_from_db()
    assert ShopOrder.objects.get(order=deposit).status == "paid"
    assert commission.due_at == commission.deposit_paid_at + timedelta(days=30)
    assert ledger(cast.shop) == []  # paid, but not the shop's until the piece ships

    for text in ("The warp is on the loom", "Half-way: the indigo band is done"):
        update = commission_post_progress(
            commission_id=commission.pk, actor=cast.manager, text=text, photos=[photo()]
        )
        assert update.kind == Message.Kind.PROGRESS and update.photos.count() == 1
    assert _status(commission) == "in_progress"
    assert ledger(cast.shop) == []

    commission = commission_mark_ready(commission_id=commission.pk, actor=cast.manager)
    balance = commission.balance_order
    assert (balance.kind, balance.total_mad, balance.total) == (
        "balance",
        BALANCE_MAD,
        Decimal("295.00"),
    )
    _pay(balance)
    assert wait_for(lambda: _status(commission) == "balance_paid")
    assert ledger(cast.shop) == []

    # The piece ships through the normal shop-order flow: accept, ship (tracking), deliver.
    part = ShopOrder.objects.get(order=balance)
    shop_order_accept(shop_order_id=part.pk, actor=cast.manager)
    assert ledger(cast.shop) == []
    shop_order_ship(
        shop_order_id=part.pk, actor=cast.manager, carrier="Amana", tracking_number="EE123456785MA"
    )
    assert _status(commission) == "shipped"
    assert ledger(cast.shop) == [
        ("deposit", "sale", DEPOSIT_MAD),
        ("deposit", "commission", Decimal("-120.00")),
    ]
    shop_order_deliver(shop_order_id=part.pk, actor=None)
    assert _status(commission) == "delivered"
    assert ledger(cast.shop) == [
        ("deposit", "sale", DEPOSIT_MAD),
        ("deposit", "commission", Decimal("-120.00")),
        ("balance", "sale", BALANCE_MAD),
        ("balance", "commission", Decimal("-295.00")),
    ]
    assert shop_balance(shop_id=cast.shop.pk)["pending"] == Decimal("3735.00")  # 4,150 × 0.9
    # The buyer can review the piece like any delivered order line.
    from marketplace.reviews.selectors import lines_to_review

    assert [line.shop_order.order_id for line in lines_to_review(buyer=cast.buyer)] == [balance.pk]


@pytest.mark.usefixtures("webhook")
def test_cancel_before_work_starts_refunds_the_deposit_in_full(cast):
    commission = _deposit_paid(cast)
    commission_cancel(commission_id=commission.pk, actor=cast.buyer, reason="Changed my mind")
    commission.refresh_from_db()
    assert (commission.status, commission.outcome) == ("cancelled", "refunded")
    refund = Refund.objects.get()
    assert (refund.amount, refund.currency, refund.status) == (
        Decimal("120.00"),
        "USD",
        "succeeded",
    )
    assert refund.shop_order.order == commission.deposit_order
    assert ShopOrder.objects.get(order=commission.deposit_order).status == "cancelled"
    assert ledger(cast.shop) == []


@pytest.mark.usefixtures("webhook")
def test_cancel_after_work_starts_keeps_the_deposit_minus_commission(cast):
    commission = _deposit_paid(cast)
    commission_post_progress(
        commission_id=commission.pk, actor=cast.manager, text="Started", photos=[photo()]
    )
    commission_cancel(commission_id=commission.pk, actor=cast.buyer, reason="Changed my mind")
    commission.refresh_from_db()
    assert (commission.status, commission.outcome) == ("cancelled", "forfeited")
    assert not Refund.objects.exists()
    assert ledger(cast.shop) == [
        ("deposit", "sale", DEPOSIT_MAD),
        ("deposit", "commission", Decimal("-120.00")),
    ]


@pytest.mark.usefixtures("webhook")
def test_lead_time_missed_lets_the_buyer_cancel_with_a_full_refund(cast):
    commission = _deposit_paid(cast)
    commission_post_progress(commission_id=commission.pk, actor=cast.manager, text="Started")
    late = commission.due_at + timedelta(days=1)
    commission_cancel(commission_id=commission.pk, actor=cast.buyer, reason="Too late", now=late)
    commission.refresh_from_db()
    assert (commission.status, commission.outcome) == ("cancelled", "refunded")
    assert Refund.objects.get().amount == Decimal("120.00")
    assert ledger(cast.shop) == []


@pytest.mark.usefixtures("webhook")
def test_a_moderator_may_decide_otherwise(cast):
    commission = _deposit_paid(cast)
    commission_post_progress(commission_id=commission.pk, actor=cast.manager, text="Started")
    commission_decide(
        commission_id=commission.pk,
        actor=cast.moderator,
        refund_percent=50,
        reason="The shop changed the colours without asking",
    )
    assert Refund.objects.get().amount == Decimal("60.00")
    # The shop keeps 600 MAD of the deposit, commission taken on that part only.
    assert ledger(cast.shop) == [
        ("deposit", "sale", DEPOSIT_MAD),
        ("deposit", "commission", Decimal("-60.00")),
        ("deposit", "refund", Decimal("-600.00")),
    ]
    from marketplace.moderation.models import AuditEntry

    assert AuditEntry.objects.filter(action="commission.decide", actor=cast.moderator).exists()


def test_expired_quote_cannot_be_accepted(cast):
    quote = _quote(cast, valid_days=1)
    with pytest.raises(ConversationError) as refused:
        quote_accept(
            quote_id=quote.pk,
            buyer=cast.buyer,
            address=US_ADDRESS,
            currency="USD",
            now=timezone.now() + timedelta(days=2),
        )
    assert refused.value.code == ConversationErrorCode.QUOTE_EXPIRED
    assert refused.value.status == 409
    assert not Order.objects.exists() and not Commission.objects.exists()
    assert Quote.objects.get(pk=quote.pk).status == "open"


@pytest.mark.postgres
def test_a_quote_accepted_twice_in_parallel_makes_one_deposit(cast):
    quote = _quote(cast)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def accept():
        try:
            barrier.wait(timeout=10)
            results.append(
                quote_accept(
                    quote_id=quote.pk, buyer=cast.buyer, address=US_ADDRESS, currency="USD"
                ).pk
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 4
    assert Commission.objects.count() == 1
    assert Order.objects.filter(kind="deposit").count() == 1
    assert Quote.objects.get(pk=quote.pk).status == "accepted"


@pytest.mark.usefixtures("webhook")
def test_the_api_pays_the_deposit_with_3d_secure(cast):
    import requests
    from rest_framework.test import APIClient

    from tests.payments.test_localstripe_flow import CARD_3DS

    api = APIClient()
    api.force_authenticate(cast.buyer)
    quote = _quote(cast)
    accepted = api.post(
        f"/api/v1/quotes/{quote.pk}/accept/",
        {"currency": "EUR", "shipping_address": US_ADDRESS},
        format="json",
    )
    assert accepted.status_code == 201
    body = accepted.json()
    assert body["amount_due"] == {"amount": "110.40", "currency": "EUR"}  # 1,200 MAD × 0.092
    assert body["cancel_now"] == "refunded"
    pk = body["id"]
    setup = api.post(f"/api/v1/commissions/{pk}/payment/setup/")
    assert setup.status_code == 201 and setup.json()["client_secret"]
    paying = api.post(
        f"/api/v1/commissions/{pk}/payment/", {"payment_method": card(CARD_3DS)}, format="json"
    )
    assert paying.json()["status"] == "requires_action"
    payment = Payment.objects.get(order__commission_deposit__pk=pk)
    requests.post(
        f"{settings.STRIPE_API_BASE}/v1/payment_intents/{payment.intent_id}/_authenticate",
        data={"success": "true", "client_secret": payment.client_secret,
              "key": settings.STRIPE_PUBLISHABLE_KEY},
        timeout=10,
    ).raise_for_status()  # fmt: skip
    assert wait_for(
        lambda: api.get(f"/api/v1/commissions/{pk}/").json()["status"] == "deposit_paid"
    )
    assert api.get(f"/api/v1/commissions/{pk}/").json()["amount_due"] is None
    again = api.post(
        f"/api/v1/commissions/{pk}/payment/", {"payment_method": card(CARD_OK)}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "nothing_to_pay"
    assert ledger(cast.shop) == []

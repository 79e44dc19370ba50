"""Finding 9: a guest order's pay page needs the placing browser or the signed link, and the
link expires. The order number alone (packing slips, e-mail subjects) opens nothing and
creates no payment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.orders.links import order_token
from payments.models import Payment
from tests.factories.payments import order_awaiting_payment

pytestmark = pytest.mark.django_db


def _pay_urls(number: str) -> list[tuple[str, str]]:
    return [
        ("get", f"/en/pay/{number}/"),
        ("post", f"/en/pay/{number}/setup/"),
        ("post", f"/en/pay/{number}/confirm/"),
        ("post", f"/en/pay/{number}/sync/"),
        ("get", f"/en/pay/{number}/done/"),
    ]


def test_the_number_alone_opens_nothing_and_creates_no_payment(dead_stripe):
    order = order_awaiting_payment(totals=(Decimal("99.00"),))
    stranger = Client()
    for method, url in _pay_urls(order.number):
        r = getattr(stranger, method)(url, {"payment_method": "pm_card_visa"})
        assert r.status_code == 404, (url, r.status_code)
        assert order.number not in r.content.decode()
    # A forged or another order's token does not help either.
    other = order_awaiting_payment()
    for token in ("nope", order_token(other.number), order_token(order.number)[:-2] + "xx"):
        assert stranger.get(f"/en/pay/{order.number}/?t={token}").status_code == 404
    assert not Payment.objects.filter(order=order).exists()


def test_the_signed_link_opens_it_and_expires(settings, localstripe):
    order = order_awaiting_payment(totals=(Decimal("99.00"),))
    holder = Client()
    r = holder.get(f"/en/pay/{order.number}/?t={order_token(order.number)}")
    assert r.status_code == 200
    # The browser that opened the link keeps access without it.
    assert holder.get(f"/en/pay/{order.number}/").status_code == 200
    settings.ORDER_LINK_MAX_AGE = -1  # every link has expired
    late = Client()
    assert late.get(f"/en/pay/{order.number}/?t={order_token(order.number)}").status_code == 404
    assert late.get(f"/en/orders/{order.number}/?t={order_token(order.number)}").status_code == 404

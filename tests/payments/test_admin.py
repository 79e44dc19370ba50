"""Staff tools: the bank transfer CSV and settling payouts from the admin."""

import csv
import io
from decimal import Decimal

import pytest

from payments.models import Payout
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ShopFactory


@pytest.mark.django_db
def test_transfer_list_csv_and_settle(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    shop = ShopFactory(name="Tifawin", payout_holder="Coop Tifawin", payout_rib="0" * 24)
    payout = Payout.objects.create(
        shop=shop, amount_mad=Decimal("1234.50"), holder="Coop Tifawin", rib="0" * 24
    )
    url = "/admin/payments/payout/"
    response = client.post(url, {"action": "export_transfer_list", "_selected_action": [payout.pk]})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["payout", "shop", "account_holder", "rib", "amount_mad"]
    assert rows[1][1:5] == ["Tifawin", "Coop Tifawin", "0" * 24, "1234.50"]
    client.post(url, {"action": "mark_settled", "_selected_action": [payout.pk]})
    payout.refresh_from_db()
    assert payout.status == "settled" and payout.settled_by == staff


@pytest.mark.django_db(transaction=True)
def test_staff_refund_part_of_a_shop_order_from_the_admin(client, localstripe):
    from payments.models import Refund

    from .test_refunds import _paid_order, _refunded_on_stripe

    order = _paid_order(localstripe)
    first, second = order.shop_orders.order_by("pk")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    change = client.get(f"/admin/orders/shoporder/{first.pk}/change/").content.decode()
    url = f"/admin/payments/refund/shop-order/{first.pk}/"
    assert url in change
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "300,00" in body  # the admin speaks French
    key = page.context["form"].initial["key"]
    # More than is left, or nothing, or no reason: refused, nothing recorded.
    for bad in ({"amount": "300.01", "reason": "chipped"}, {"amount": "0", "reason": "x"}, {}):
        assert client.post(url, {**bad, "key": key}).status_code == 400
    assert not Refund.objects.exists()
    ok = {"amount": "45.50", "reason": "one bowl chipped", "key": key}
    response = client.post(url, ok)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/orders/shoporder/{first.pk}/change/"
    assert client.post(url, ok).status_code == 302  # a second click: the same refund
    refund = Refund.objects.get()
    assert (refund.shop_order_id, refund.amount, refund.status) == (
        first.pk,
        Decimal("45.50"),
        "succeeded",
    )
    assert _refunded_on_stripe(order) == 4550
    left = client.get(url)
    assert "254,50" in left.content.decode()
    assert not Refund.objects.filter(shop_order=second).exists()


@pytest.mark.django_db
def test_only_staff_reach_the_partial_refund_form(client):
    from tests.factories.orders import ShopOrderFactory

    shop_order = ShopOrderFactory()
    client.force_login(UserFactory())
    response = client.get(f"/admin/payments/refund/shop-order/{shop_order.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

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
    payout = Payout.objects.create(shop=shop, amount_mad=Decimal("1234.50"))
    url = "/admin/payments/payout/"
    response = client.post(url, {"action": "export_transfer_list", "_selected_action": [payout.pk]})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["payout", "shop", "account_holder", "rib", "amount_mad"]
    assert rows[1][1:5] == ["Tifawin", "Coop Tifawin", "0" * 24, "1234.50"]
    client.post(url, {"action": "mark_settled", "_selected_action": [payout.pk]})
    payout.refresh_from_db()
    assert payout.status == "settled" and payout.settled_by == staff

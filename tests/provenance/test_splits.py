"""The cooperative's split: per-piece shares, validated to 100 %, frozen at sale, in the ledger."""

from decimal import Decimal

import pytest

from marketplace.provenance import services
from marketplace.provenance.errors import ProvenanceError
from marketplace.provenance.models import LineSplit, MemberShare, SplitRule
from payments.models import LedgerEntry

from .conftest import delivered, shipped, sold

pytestmark = pytest.mark.django_db


def test_seventy_thirty_on_a_1000_mad_piece_with_ten_percent_commission():
    net, makers, fund = services.piece_split(
        price_mad=Decimal("1000.00"),
        commission_rate=Decimal("0.1000"),
        fund_percent=Decimal("30"),
        makers=[{"artisan": 7, "percent": "70"}],
    )
    assert net == Decimal("900.00")
    assert makers == [(7, Decimal("70"), Decimal("630.00"))]
    assert fund == Decimal("270.00")
    assert str(makers[0][2]) == "630.00" and str(fund) == "270.00"


def test_odd_amounts_round_once_and_add_up_to_the_net_exactly():
    # 333.33 less 10 % (33.33) = 300.00; three makers at 33.33 % and a fund of 0.01 %.
    net, makers, fund = services.piece_split(
        price_mad=Decimal("333.33"),
        commission_rate=Decimal("0.1000"),
        fund_percent=Decimal("0.01"),
        makers=[{"artisan": i, "percent": "33.33"} for i in (1, 2, 3)],
    )
    assert net == Decimal("300.00")
    assert all(amount == Decimal("99.99") for _a, _p, amount in makers)
    assert sum(a for _i, _p, a in makers) + fund == net
    assert fund == Decimal("0.03")


def test_a_split_that_does_not_sum_to_100_is_refused_and_changes_nothing(cast):
    with pytest.raises(ProvenanceError) as refused:
        services.split_rule_set(
            shop=cast.shop, actor=cast.manager, fund_percent="30",
            makers=[(cast.maker.pk, "60")],
        )  # fmt: skip
    assert refused.value.status == 400
    assert not SplitRule.objects.exists()


def test_the_api_refuses_a_split_over_100_with_a_400(cast, client):
    client.force_login(cast.manager)
    response = client.post(
        "/api/v1/seller/split/",
        {"fund_percent": "40", "makers": [{"artisan": str(cast.maker.pk), "percent": "70"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "split_not_100"
    assert not SplitRule.objects.exists()


def test_a_maker_outside_the_cooperative_is_refused(cast):
    with pytest.raises(ProvenanceError):
        services.split_rule_set(
            shop=cast.shop, actor=cast.manager, fund_percent="30",
            makers=[(cast.other_shop.artisan_id, "70")],
        )  # fmt: skip
    assert not SplitRule.objects.exists()


def test_the_split_frozen_at_sale_survives_a_later_change(cast):
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="30", makers=[(cast.maker.pk, "70")]
    )
    shop_order = sold(cast)
    frozen = LineSplit.objects.get(line__shop_order=shop_order)
    assert frozen.fund_percent == Decimal("30.00")
    # The cooperative changes its split for this very piece after the sale.
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="50", makers=[(cast.maker.pk, "50")],
        product_id=cast.product.pk,
    )  # fmt: skip
    delivered(cast, shipped(cast, shop_order))
    shares = {s.kind: s.amount_mad for s in MemberShare.objects.filter(line__shop_order=shop_order)}
    assert shares == {"maker": Decimal("630.00"), "fund": Decimal("270.00")}
    # A piece sold now follows the new split.
    later = delivered(cast, shipped(cast, sold(cast)))
    maker_share = MemberShare.objects.get(line__shop_order=later, kind="maker")
    assert maker_share.amount_mad == Decimal("450.00")


def test_shares_are_recorded_when_the_shop_is_credited_and_match_its_credit(cast):
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="20",
        makers=[(cast.maker.pk, "50"), (cast.second_maker.pk, "30")],
    )  # fmt: skip
    shop_order = shipped(cast, sold(cast, quantity=2))
    assert not MemberShare.objects.exists()  # nothing owed before the shop is credited
    delivered(cast, shop_order)
    ledger = LedgerEntry.objects.filter(shop_order=shop_order)
    credited = sum(e.amount_mad for e in ledger if e.kind in ("sale", "commission"))
    shares = MemberShare.objects.filter(line__shop_order=shop_order)
    assert shares.count() == 6  # two pieces × (two makers + the fund)
    assert sum(s.amount_mad for s in shares) == credited == Decimal("1800.00")
    first = {(s.kind, s.artisan_id): s.amount_mad for s in shares if s.piece == 1}
    assert first == {
        ("maker", cast.maker.pk): Decimal("450.00"),
        ("maker", cast.second_maker.pk): Decimal("270.00"),
        ("fund", None): Decimal("180.00"),
    }
    # Delivered twice (a redelivered task): nothing is recorded twice.
    from marketplace.provenance.services import member_shares_record

    member_shares_record(shop_order_id=shop_order.pk)
    assert MemberShare.objects.filter(line__shop_order=shop_order).count() == 6


def test_the_payout_statement_lists_what_each_member_is_owed(cast, client):
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="30", makers=[(cast.maker.pk, "70")]
    )
    delivered(cast, shipped(cast, sold(cast)))
    client.force_login(cast.manager)
    page = client.get("/en/sell/member-payments/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Itto Ouhammou" in text and "630.00 MAD" in text and "270.00 MAD" in text
    # A member (not a manager) may not see it.
    client.force_login(cast.maker_user)
    assert client.get("/en/sell/member-payments/").status_code == 404

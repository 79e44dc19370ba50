"""The courier's cash and the ledger: credited on remittance only, mismatches flagged,
payouts without unremitted cash, refusals returning stock once and counted."""

from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.catalogue.models import Variant
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, ShopOrder
from marketplace.orders.services import shop_order_accept, shop_order_ship
from marketplace.shipping.carriers import s10_number
from payments.errors import CodError
from payments.models import CodCashReceipt, CodRefusal, CodShopTerms, LedgerEntry, Payout
from payments.selectors import cod_refusals_count, shop_balance
from payments.services import (
    cod_cash_record,
    cod_code_verify,
    cod_delivered_mark,
    cod_refusal_record,
    cod_remittance_import,
    payouts_create_due,
)
from tests.factories import UserFactory

from .cod_helpers import CASA_PHONE, cod_cart, cod_shop, code_from, place_cod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_card(settings):
    settings.ORDERS_START_PAYMENT = False
    settings.PAYOUT_HOLD_DAYS = 0


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


_serials = iter(range(10_000, 99_999_999, 7))


def shipped_cod(text_messages, capture, *, fee="20.00", shops=1, buyer=None):
    """A confirmed COD order from `shops` shops, each part accepted and shipped with Amana."""
    made = [cod_shop(fee=fee) for _ in range(shops)]
    buyer, cart, variants = cod_cart(*[(s, 2) for s in made], buyer=buyer)
    with capture(execute=True):
        order = place_cod(cart, buyer)
    cod_code_verify(order_id=order.pk, code=code_from(text_messages))
    parts = list(order.shop_orders.order_by("pk"))
    for so in parts:
        shop_order_accept(shop_order_id=so.pk, actor=None)
        shop_order_ship(
            shop_order_id=so.pk,
            actor=None,
            carrier="amana",
            tracking_number=s10_number("EE", next(_serials)),
        )
    return order, [ShopOrder.objects.get(pk=so.pk) for so in parts], variants


def test_nothing_is_credited_until_the_cash_is_remitted(
    text_messages, django_capture_on_commit_callbacks, staff
):
    _order, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    assert part.total_mad == Decimal("250.00")  # 200 + 30 shipping + 20 fee
    cod_delivered_mark(shop_order_id=part.pk, actor=staff)  # the courier collected the cash
    part.refresh_from_db()
    assert part.status == "delivered"
    assert not LedgerEntry.objects.filter(shop_order=part).exists()
    assert payouts_create_due() == []  # cash still with the courier: nothing to pay out
    cod_cash_record(shop_order_id=part.pk, amount="250.00", actor=staff)
    entries = dict(LedgerEntry.objects.filter(shop_order=part).values_list("kind", "amount_mad"))
    # Commission on pieces and shipping (10 % of 230), the fee kept by the platform (default).
    assert entries == {
        "sale": Decimal("250.00"),
        "commission": Decimal("-23.00"),
        "cod_fee": Decimal("-20.00"),
    }
    assert shop_balance(shop_id=part.shop_id)["available"] == Decimal("207.00")
    (payout,) = payouts_create_due()
    assert payout.amount_mad == Decimal("207.00")


def test_a_wrong_amount_is_refused_and_credits_nothing(
    text_messages, django_capture_on_commit_callbacks, staff
):
    _o, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    with pytest.raises(CodError) as caught:
        cod_cash_record(shop_order_id=part.pk, amount="240.00", actor=staff)
    assert caught.value.code == "amount_mismatch" and caught.value.status == 409
    part.refresh_from_db()
    assert part.status == "shipped"
    assert not LedgerEntry.objects.exists() and not CodCashReceipt.objects.exists()


def test_a_payout_run_never_pays_unremitted_cash(
    text_messages, django_capture_on_commit_callbacks, staff
):
    """Two parcels of one shop: one remitted, one delivered but not remitted."""
    shop = cod_shop(fee="0.00")
    buyer = UserFactory(language="fr")
    parts = []
    for _n in range(2):
        _b, cart, _v = cod_cart((shop, 5), buyer=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            order = place_cod(cart, buyer)
        cod_code_verify(order_id=order.pk, code=code_from(text_messages))
        so = order.shop_orders.get()
        shop_order_accept(shop_order_id=so.pk, actor=None)
        shop_order_ship(
            shop_order_id=so.pk,
            actor=None,
            carrier="amana",
            tracking_number=s10_number("EE", next(_serials)),
        )
        cod_delivered_mark(shop_order_id=so.pk, actor=staff)
        parts.append(so)
    cod_cash_record(shop_order_id=parts[0].pk, amount="230.00", actor=staff)
    (payout,) = payouts_create_due()
    assert payout.amount_mad == Decimal("207.00")  # 230 − 23: the first parcel only
    assert not LedgerEntry.objects.filter(shop_order=parts[1]).exists()
    assert Payout.objects.count() == 1


def test_remittance_file_row_by_row(text_messages, django_capture_on_commit_callbacks, staff):
    _o, parts, _v = shipped_cod(text_messages, django_capture_on_commit_callbacks, shops=3)
    t0, t1, t2 = (p.tracking_number for p in parts)
    spaced = f"{t1[:2]} {t1[2:6]} {t1[6:]}".lower()  # as a courier's export may print it
    cod_delivered_mark(shop_order_id=parts[2].pk, actor=staff)
    # Parcel 0 already received by hand before the file: a later row for it is a duplicate.
    cod_cash_record(shop_order_id=parts[0].pk, amount="250.00", actor=staff)
    ledger_before = LedgerEntry.objects.count()
    data = (
        "tracking_number;amount;date\n"
        f"{spaced};250,00;2026-12-01\n"  # credited
        f"{t1};250,00;2026-12-01\n"  # the same number twice in the file
        "EE000000000MA;100.00;2026-12-01\n"  # unknown tracking number
        f"{t2};-250.00;2026-12-01\n"  # negative amount
        f"{t2};abc;2026-12-01\n"  # unreadable amount
        f"{t2};200.00;01/12/2026\n"  # wrong amount: flagged for a person
        f"{t0};250.00;2026-12-01\n"  # already received
        f"{t2};250.00;31/02/2026\n"  # impossible date
    ).encode() + f"{t2};250,00;2026-12-01 caf\xe9\n".encode("latin-1")  # not UTF-8
    remittance = cod_remittance_import(data=data, courier="Amana", actor=staff, file_name="a.csv")
    report = [(r.line_no, r.outcome, r.reason) for r in remittance.rows.order_by("line_no")]
    assert report == [
        (2, "credited", ""),
        (3, "refused", "duplicate"),
        (4, "refused", "unknown_tracking"),
        (5, "refused", "negative_amount"),
        (6, "refused", "bad_amount"),
        (7, "flagged", "amount_mismatch"),
        (8, "refused", "duplicate"),
        (9, "refused", "bad_date"),
        (10, "refused", "bad_encoding"),
    ]
    assert (remittance.rows_credited, remittance.rows_flagged, remittance.rows_refused) == (1, 1, 7)
    assert remittance.amount_credited_mad == Decimal("250.00")
    # Only parcel 1 was credited; parcel 2 (flagged) has no receipt and no ledger entry.
    assert LedgerEntry.objects.count() == ledger_before + 3
    assert not LedgerEntry.objects.filter(shop_order=parts[2]).exists()
    assert not CodCashReceipt.objects.filter(shop_order=parts[2]).exists()
    assert ShopOrder.objects.get(pk=parts[1].pk).status == "delivered"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"foo,bar\nA,1\n", b"\xff\xfe\x00t\x00r\n", b"x" * (2 * 1024 * 1024 + 1)],
)
def test_a_file_that_cannot_be_read_is_refused_whole(data, staff):
    from payments.models import CodRemittance

    with pytest.raises(CodError) as caught:
        cod_remittance_import(data=data, courier="Amana", actor=staff)
    assert caught.value.status == 400 and caught.value.code == "bad_file"
    assert not CodRemittance.objects.exists()


def test_refused_parcel_returns_stock_once_counts_and_leaves_the_balance(
    text_messages, django_capture_on_commit_callbacks, staff, settings
):
    settings.COD_REFUSAL_LIMIT = 1
    order, (part,), (variant,) = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    assert Variant.objects.get(pk=variant.pk).stock == 1
    cod_refusal_record(shop_order_id=part.pk, actor=staff, reason="buyer not answering")
    assert Variant.objects.get(pk=variant.pk).stock == 2
    with pytest.raises((CodError, OrderError)):
        cod_refusal_record(shop_order_id=part.pk, actor=staff)  # twice: refused
    assert Variant.objects.get(pk=variant.pk).stock == 2  # back once only
    part.refresh_from_db()
    assert part.status == "refused"
    assert Order.objects.get(pk=order.pk).status == "refused"
    assert CodRefusal.objects.count() == 1
    assert cod_refusals_count(phone=CASA_PHONE) == 1
    assert cod_refusals_count(buyer_id=order.buyer_id) == 1
    # Platform policy (default): the shop's balance is untouched.
    assert not LedgerEntry.objects.exists()
    assert shop_balance(shop_id=part.shop_id)["available"] == Decimal("0")
    # Past the limit, COD is no longer offered to that phone, nor to that buyer elsewhere.
    buyer, cart, _v = cod_cart((cod_shop(), 2), buyer=order.buyer)
    with pytest.raises(OrderError) as caught:
        place_cod(cart, buyer)
    assert caught.value.code == "payment_method_unavailable"
    stranger, cart2, _v2 = cod_cart((cod_shop(), 2))  # another account, the same phone
    with pytest.raises(OrderError):
        place_cod(cart2, stranger)


def test_refused_parcel_return_cost_borne_by_the_shop_when_its_terms_say_so(
    text_messages, django_capture_on_commit_callbacks, staff
):
    _o, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    CodShopTerms.objects.filter(shop_id=part.shop_id).update(
        return_cost_payer="shop", return_cost_mad=Decimal("40.00")
    )
    cod_refusal_record(shop_order_id=part.pk, actor=staff)
    (entry,) = LedgerEntry.objects.all()
    assert (entry.kind, entry.amount_mad) == ("return_cost", Decimal("-40.00"))
    assert not LedgerEntry.objects.filter(kind="sale").exists()


def test_a_cod_parcel_is_never_auto_delivered_nor_credited_by_the_card_flow(
    text_messages, django_capture_on_commit_callbacks, settings
):
    from datetime import timedelta

    from marketplace.orders.services import orders_mark_delivered_due

    _o, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    later = timezone.now() + settings.AUTO_DELIVER_AFTER + timedelta(days=1)
    assert orders_mark_delivered_due(now=later) == 0
    assert ShopOrder.objects.get(pk=part.pk).status == "shipped"

"""Money under staff hands (findings 4, 5 and 6 of [hardening]).

Refunds are capped by what the payment captured; money figures are read-only in the admin;
payouts go to the bank details they were made with, and a RIB change holds them; every CSV
neutralises formula cells.
"""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from artisans.rib import rib_key
from artisans.services import shop_payout_update
from marketplace.core.csv_export import csv_safe
from marketplace.core.models import OutboxEmail
from marketplace.moderation.models import AuditEntry
from marketplace.orders.models import ShopOrder
from payments.errors import PaymentError, PaymentErrorCode
from payments.models import LedgerEntry, Payment, Payout, Refund
from payments.services import payout_release, payout_settle, payouts_create_due, refund_create
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ArtisanFactory, ShopFactory
from tests.factories.orders import ShopOrderFactory
from tests.factories.payments import order_awaiting_payment

from .test_refunds import _paid_order, _refunded_on_stripe


def rib(account: str) -> str:
    first22 = ("007780" + account.rjust(16, "0"))[:22]
    return first22 + rib_key(first22)


RIB_A, RIB_B = rib("1111"), rib("2222")


# --- Finding 6: the refund cap is what the payment captured --------------------------------


@pytest.mark.django_db(transaction=True)
def test_refund_larger_than_the_captured_payment_is_refused(localstripe):
    """145.78 EUR was refunded on a 91.11 EUR payment after staff edited the total."""
    order = _paid_order(localstripe, totals=(Decimal("990.33"),))  # in MAD
    payment = Payment.objects.get(order=order)
    assert payment.amount_captured == Decimal("990.33")
    shop_order = order.shop_orders.get()
    # What the old admin form let staff type: a larger total on the shop order.
    ShopOrder.objects.filter(pk=shop_order.pk).update(total=Decimal("1585.00"))

    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=shop_order.pk, amount=Decimal("1585.00"), reason="edited")
    assert err.value.code == PaymentErrorCode.REFUND_TOO_LARGE and err.value.status == 409
    assert not Refund.objects.exists()
    assert _refunded_on_stripe(order) == 0

    full = refund_create(shop_order_id=shop_order.pk, reason="everything left")
    assert full.amount == Decimal("990.33")
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=shop_order.pk, amount=Decimal("0.01"))
    assert err.value.code == PaymentErrorCode.NOTHING_TO_REFUND
    assert _refunded_on_stripe(order) == 99033


@pytest.mark.django_db(transaction=True)
def test_refund_of_145_78_eur_on_a_91_11_eur_payment_is_refused(localstripe):
    order = order_awaiting_payment(
        totals=(Decimal("990.33"),), currency="EUR", rate=Decimal("0.092")
    )
    assert order.total == Decimal("91.11")
    from payments import stripe_client
    from payments.services import payment_apply_succeeded, payment_confirm

    from .test_localstripe_flow import CARD_OK, card

    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    payment_apply_succeeded(intent=stripe_client.intent_retrieve(payment.intent_id))
    shop_order = order.shop_orders.get()
    ShopOrder.objects.filter(pk=shop_order.pk).update(total=Decimal("145.78"))
    with pytest.raises(PaymentError) as err:
        refund_create(shop_order_id=shop_order.pk, amount=Decimal("145.78"))
    assert err.value.code == PaymentErrorCode.REFUND_TOO_LARGE
    assert not Refund.objects.exists() and _refunded_on_stripe(order) == 0
    assert refund_create(shop_order_id=shop_order.pk).amount == Decimal("91.11")
    assert _refunded_on_stripe(order) == 9111


@pytest.mark.django_db
def test_staff_cannot_type_money_figures_in_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    shop_order = ShopOrderFactory(total=Decimal("91.11"), total_mad=Decimal("990.33"))
    page = client.get(f"/admin/orders/shoporder/{shop_order.pk}/change/").content.decode()
    for field in ("total", "total_mad", "subtotal_mad", "shipping_mad", "commission_rate"):
        assert f'name="{field}"' not in page, field
    client.post(
        f"/admin/orders/shoporder/{shop_order.pk}/change/",
        {"total": "145.78", "total_mad": "1585.00", "commission_rate": "0", "status": "paid"},
    )
    shop_order.refresh_from_db()
    assert (shop_order.total, shop_order.total_mad) == (Decimal("91.11"), Decimal("990.33"))
    assert shop_order.commission_rate != Decimal("0")

    payment = Payment.objects.create(
        order=shop_order.order, amount=Decimal("91.11"), currency="EUR", intent_id="pi_x"
    )
    page = client.get(f"/admin/payments/payment/{payment.pk}/change/").content.decode()
    assert 'name="amount"' not in page and 'name="status"' not in page
    client.post(f"/admin/payments/payment/{payment.pk}/change/", {"amount": "500", "status": "x"})
    payment.refresh_from_db()
    assert (payment.amount, payment.status) == (Decimal("91.11"), "created")

    payout = Payout.objects.create(shop=shop_order.shop, amount_mad=Decimal("10"), rib=RIB_A)
    page = client.get(f"/admin/payments/payout/{payout.pk}/change/").content.decode()
    assert 'name="rib"' not in page and 'name="amount_mad"' not in page
    assert client.get("/admin/payments/ledgerentry/add/").status_code == 403


@pytest.mark.django_db
def test_prices_and_stock_are_not_typed_in_the_admin(client):
    from tests.factories import ShippingRateFactory, VariantFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    variant = VariantFactory(price=Decimal("250.00"), stock=5)
    page = client.get(f"/admin/catalogue/variant/{variant.pk}/change/").content.decode()
    assert 'name="price"' not in page and 'name="stock"' not in page
    client.post(
        f"/admin/catalogue/variant/{variant.pk}/change/",
        {"price": "1.00", "stock": "999", "sku": variant.sku, "product": variant.product_id},
    )
    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (Decimal("250.00"), 5)
    rate = ShippingRateFactory(first_item=Decimal("50.00"))
    page = client.get(f"/admin/artisans/shippingrate/{rate.pk}/change/").content.decode()
    assert 'name="first_item"' not in page


@pytest.mark.django_db
def test_a_new_commission_rate_from_the_admin_goes_through_the_service(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    shop = ShopFactory(commission_rate=Decimal("0.1000"), payout_rib=RIB_A)
    page = client.get(f"/admin/artisans/shop/{shop.pk}/change/")
    assert 'name="payout_rib"' not in page.content.decode()
    data = {
        k: v
        for k, v in page.context["adminform"].form.initial.items()
        if v is not None and not hasattr(v, "all") and k != "banner"
    }
    data.update(
        {
            "commission_rate": "0.0500",
            "payout_rib": RIB_B,
            "shipping_rates-TOTAL_FORMS": "0",
            "shipping_rates-INITIAL_FORMS": "0",
        }
    )
    response = client.post(f"/admin/artisans/shop/{shop.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    shop.refresh_from_db()
    assert shop.commission_rate == Decimal("0.0500")
    assert shop.payout_rib == RIB_A  # not from the admin
    entry = AuditEntry.objects.get(action="shop.commission_set")
    assert entry.actor == staff and entry.changes == {"commission_rate": ["0.1000", "0.0500"]}


# --- Finding 4: payouts keep their bank details; a RIB change holds them -------------------


def _shop_with_due_payout(*, language="ar"):
    owner = UserFactory(language=language)
    shop = ShopFactory(
        artisan=ArtisanFactory(user=owner), payout_holder="Atelier Safi", payout_rib=RIB_A
    )
    shop_order = ShopOrderFactory(shop=shop, total_mad=Decimal("1000.00"))
    past = timezone.now() - timedelta(days=30)
    LedgerEntry.objects.create(
        shop=shop, shop_order=shop_order, kind="sale", amount_mad=Decimal("1000.00"),
        available_at=past,
    )  # fmt: skip
    [payout] = payouts_create_due()
    return owner, shop, payout


def _export(client, payouts):
    response = client.post(
        "/admin/payments/payout/",
        {"action": "export_transfer_list", "_selected_action": [p.pk for p in payouts]},
    )
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_a_rib_change_holds_the_pending_payout_and_tells_the_shop(client):
    owner, shop, payout = _shop_with_due_payout(language="ar")
    assert (payout.rib, payout.holder) == (RIB_A, "Atelier Safi")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    shop_payout_update(shop_id=shop.pk, actor=owner, holder="Someone Else", rib=RIB_B)

    payout.refresh_from_db()
    assert payout.status == Payout.Status.HELD
    assert (payout.rib, payout.holder, payout.amount_mad) == (
        RIB_A,
        "Atelier Safi",
        Decimal("1000"),
    )
    assert _export(client, [payout]) == [
        ["payout", "shop", "account_holder", "rib", "amount_mad", "label"]
    ]  # held: not in the transfer list at all
    with pytest.raises(PaymentError) as err:
        payout_settle(payout_id=payout.pk, actor=staff)
    assert err.value.code == PaymentErrorCode.PAYOUT_HELD
    [mail] = OutboxEmail.objects.filter(kind="shop_payout_details_changed")
    assert mail.to_email == owner.email and mail.language == "ar"
    assert RIB_B[-4:] in mail.body_text and f"{payout.pk}" in mail.body_text
    assert AuditEntry.objects.filter(action="payout_hold", object_id=str(payout.pk)).exists()

    # Staff checked with the shop: the change was genuine.
    payout_release(payout_id=payout.pk, actor=staff, use_current_details=True)
    rows = _export(client, [payout])
    assert rows[1][2:5] == ["Someone Else", RIB_B, "1000.00"]


@pytest.mark.django_db
def test_the_export_reads_the_payouts_own_bank_details(client):
    owner, shop, payout = _shop_with_due_payout()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    shop_payout_update(shop_id=shop.pk, actor=owner, holder="Thief", rib=RIB_B)
    payout_release(payout_id=payout.pk, actor=None, use_current_details=False)
    rows = _export(client, [payout])
    assert rows[1][2:5] == ["Atelier Safi", RIB_A, "1000.00"]  # not the shop's new details


@pytest.mark.django_db
def test_saving_the_same_details_holds_nothing():
    owner, shop, payout = _shop_with_due_payout()
    shop_payout_update(shop_id=shop.pk, actor=owner, holder="Atelier Safi", rib=RIB_A)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PENDING
    assert not OutboxEmail.objects.filter(kind="shop_payout_details_changed").exists()


# --- Finding 5: CSV formula cells ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+33 cmd|' /C calc'!A0", "'+33 cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Coop Tifawin", "Coop Tifawin"),
        ("-12.50", "-12.50"),
        (Decimal("-3.00"), Decimal("-3.00")),
    ],
)
def test_csv_cells_that_spreadsheets_run_are_neutralised(cell, written):
    assert csv_safe(cell) == written


@pytest.mark.django_db
def test_a_formula_in_a_holder_name_reaches_the_transfer_list_as_text(client):
    owner = UserFactory()
    shop = ShopFactory(
        artisan=ArtisanFactory(user=owner), name="@Tifawin", payout_rib=RIB_A,
        payout_holder='=HYPERLINK("http://evil.test","Click")',
    )  # fmt: skip
    ShopOrderFactory(shop=shop)
    LedgerEntry.objects.create(
        shop=shop, kind="sale", amount_mad=Decimal("50.00"),
        available_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    [payout] = payouts_create_due()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    rows = _export(client, [payout])
    assert rows[1][1] == "'@Tifawin"
    assert rows[1][2] == '\'=HYPERLINK("http://evil.test","Click")'
    assert rows[1][4] == "50.00"


@pytest.mark.django_db
def test_analytics_csv_neutralises_category_names(client):
    from tests.factories import CategoryFactory, ProductFactory
    from tests.moderation.helpers import make_line, make_moderator

    category = CategoryFactory(slug="evil", title_en="=cmd|' /C calc'!A0")
    make_line(product=ProductFactory(category=category), amount="100.00", country="US")
    client.force_login(make_moderator())
    response = client.get("/en/moderation/analytics/categories.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["evil", "'=cmd|' /C calc'!A0", "100.00"]

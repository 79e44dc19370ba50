"""Staff work COD parcels through the admin, which calls the services: never a raw edit."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.catalogue.models import Variant
from marketplace.orders.models import ShopOrder
from payments.models import CodCashReceipt, CodRemittance, LedgerEntry
from payments.selectors import cod_figures
from payments.services import payment_start
from tests.factories import UserFactory

from .test_cod_cash import shipped_cod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_card(settings):
    settings.ORDERS_START_PAYMENT = False


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_cash_form_refuses_a_wrong_amount_and_records_the_right_one(
    admin_client, text_messages, django_capture_on_commit_callbacks
):
    _o, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    url = f"/admin/payments/codshoporder/{part.pk}/cash/"
    assert admin_client.get(url).status_code == 200
    wrong = admin_client.post(url, {"amount": "249.99"})
    assert wrong.status_code == 400 and "249.99" in wrong.content.decode()
    junk = admin_client.post(url, {"amount": "1e400"})
    assert junk.status_code == 400
    assert not CodCashReceipt.objects.exists() and not LedgerEntry.objects.exists()
    right = admin_client.post(url, {"amount": "250,00", "collected_on": "2026-12-01"})
    assert right.status_code == 302
    receipt = CodCashReceipt.objects.get()
    assert receipt.amount_mad == Decimal("250.00") and receipt.recorded_by is not None
    assert ShopOrder.objects.get(pk=part.pk).status == "delivered"


def test_admin_imports_a_remittance_file_and_shows_each_row(
    admin_client, text_messages, django_capture_on_commit_callbacks
):
    _o, (part,), _v = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    data = (
        f"tracking_number,amount,date\n{part.tracking_number},250.00,2026-12-01\nX,1,2026-12-01\n"
    )
    upload = SimpleUploadedFile("amana.csv", data.encode(), content_type="text/csv")
    answer = admin_client.post(
        "/admin/payments/codremittance/add/", {"courier": "Amana", "file": upload}
    )
    assert answer.status_code == 302
    remittance = CodRemittance.objects.get()
    page = admin_client.get(answer["Location"]).content.decode()
    assert "unknown_tracking" in page and part.tracking_number in page
    assert (remittance.rows_credited, remittance.rows_refused) == (1, 1)
    # A file that cannot be read: a 400 with the reason, nothing recorded.
    bad = SimpleUploadedFile("x.csv", b"", content_type="text/csv")
    refused = admin_client.post(
        "/admin/payments/codremittance/add/", {"courier": "Amana", "file": bad}
    )
    assert refused.status_code == 400 and CodRemittance.objects.count() == 1


def test_admin_actions_mark_refused_through_the_service(
    admin_client, text_messages, django_capture_on_commit_callbacks
):
    _order, (part,), (variant,) = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    answer = admin_client.post(
        "/admin/payments/codshoporder/",
        {"action": "mark_refused", "_selected_action": [part.pk]},
    )
    assert answer.status_code == 302
    assert ShopOrder.objects.get(pk=part.pk).status == "refused"
    assert Variant.objects.get(pk=variant.pk).stock == 2
    # The status field itself is not editable in the admin.
    change = admin_client.get(f"/admin/payments/codshoporder/{part.pk}/change/").content.decode()
    assert 'name="status"' not in change


def test_a_cod_order_cannot_be_paid_by_card(text_messages, django_capture_on_commit_callbacks):
    from payments.errors import PaymentError

    from .cod_helpers import cod_cart, cod_shop, place_cod

    buyer, cart, _v = cod_cart((cod_shop(), 2))
    order = place_cod(cart, buyer)
    with pytest.raises(PaymentError) as caught:
        payment_start(order_id=order.pk)
    assert caught.value.status == 409


def test_cod_report_figures(text_messages, django_capture_on_commit_callbacks, settings):
    from payments.services import cod_cash_record, cod_delivered_mark, cod_refusal_record

    staff = UserFactory(is_staff=True)
    _o1, (a,), _ = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    _o2, (b,), _ = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    _o3, (c,), _ = shipped_cod(text_messages, django_capture_on_commit_callbacks)
    cod_delivered_mark(shop_order_id=a.pk, actor=staff)  # collected, not remitted
    cod_cash_record(shop_order_id=b.pk, amount="250.00", actor=staff)  # remitted
    cod_refusal_record(shop_order_id=c.pk, actor=staff)  # refused
    figures = cod_figures(start=timezone.now() - timezone.timedelta(days=1))
    assert figures["cod_orders"] == 3 and figures["cod_share"] == Decimal("100.0")
    assert figures["confirmation_rate"] == Decimal("100.0")
    assert figures["refusal_rate"] == Decimal("33.3")  # 1 of 3 parcels that reached the door
    (amana,) = figures["by_courier"]
    assert amana["courier"] == "Amana / Barid Al-Maghrib" and amana["collected"] == Decimal(
        "250.00"
    )
    (casa,) = figures["by_region"]
    assert casa["region"] == "CSS" and casa["collected"] == Decimal("250.00")


def test_seller_opts_in_with_a_fee_and_bad_input_changes_nothing(client):
    from payments.models import CodShopTerms
    from tests.factories import ShopFactory

    shop = ShopFactory()
    owner = UserFactory(language="ar")
    shop.artisan.user = owner
    shop.artisan.save()
    client.force_login(owner)
    page = client.get("/ar/sell/settings/cash/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    ok = client.post("/ar/sell/settings/cash/", {"enabled": "on", "fee_mad": "12.50"})
    assert ok.status_code == 302
    terms = CodShopTerms.objects.get(shop=shop)
    assert terms.enabled and terms.fee_mad == Decimal("12.50")
    for bad in ({"enabled": "on", "fee_mad": "-1"}, {"enabled": "on", "fee_mad": "9999"},
                {"fee_mad": "abc"}, {"fee_mad": "1", "return_cost_payer": "buyer"}):  # fmt: skip
        assert client.post("/ar/sell/settings/cash/", bad).status_code == 400
    terms.refresh_from_db()
    assert terms.enabled and terms.fee_mad == Decimal("12.50")

"""A partial refund reaches the buyer: order page (status, refunded, new total, timeline), mail."""

from decimal import Decimal

import pytest
from django.core import mail

from marketplace.core.models import OutboxEmail
from marketplace.orders.models import OrderEvent
from payments.services import refund_create
from tests.factories.accounts import UserFactory

from .test_refunds import _paid_order

pytestmark = pytest.mark.django_db(transaction=True)


def _eur_order(localstripe, buyer):
    from payments import stripe_client
    from payments.services import payment_apply_succeeded, payment_confirm
    from tests.factories.payments import order_awaiting_payment

    from .test_localstripe_flow import CARD_OK, card

    order = order_awaiting_payment(
        totals=(Decimal("3000.00"), Decimal("2000.00")),
        currency="EUR",
        rate=Decimal("0.1"),
        buyer=buyer,
        email=buyer.email,
        language="fr",  # ordered on the French site; the account says English
    )
    payment = payment_confirm(order_id=order.pk, payment_method_id=card(CARD_OK))
    assert payment_apply_succeeded(intent=stripe_client.intent_retrieve(payment.intent_id))
    return order


def test_a_partial_refund_shows_on_the_buyers_order_page_and_mails_them(localstripe, client):
    buyer = UserFactory(language="en", email="amy@example.com")
    order = _eur_order(localstripe, buyer)
    first = order.shop_orders.order_by("pk").first()
    staff = UserFactory(is_staff=True, is_superuser=True)
    mail.outbox.clear()

    refund_create(shop_order_id=first.pk, amount=Decimal("100.00"), actor=staff, reason="chipped")

    client.force_login(buyer)
    page = client.get(f"/en/orders/{order.number}/").content.decode()
    status = page.split('data-testid="order-status">')[1].split("</p>")[0]
    assert "partly refunded" in status
    assert "100.00\u00a0€" in page.split('data-testid="order-refunded">')[1].split("<")[0]
    # The order was 500 EUR: the buyer now pays 400, and the shop's part 300 − 100 = 200.
    assert "400.00\u00a0€" in page.split('data-testid="order-total">')[1].split("</p>")[0]
    assert "200.00\u00a0€" in page.split("Now for this shop")[1].split("</li>")[0]
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    assert "refund of 100.00\u00a0€" in timeline

    # One e-mail, in the account's language (English), with the amount and the new part total.
    refund_mails = OutboxEmail.objects.filter(kind="order_refunded_buyer")
    assert refund_mails.count() == 1
    sent = refund_mails.get()
    assert (sent.to_email, sent.language) == ("amy@example.com", "en")
    assert "100.00 €" in sent.subject.replace("\u00a0", " ") and order.number in sent.subject
    assert "We refunded 100.00\u00a0€" in sent.body_text and "200.00\u00a0€" in sent.body_text
    assert [m.subject for m in mail.outbox if "refund" in m.subject.lower()] == [sent.subject]


def test_the_refund_mail_speaks_the_buyers_language(localstripe):
    buyer = UserFactory(language="ar", email="salma@example.com")
    order = _eur_order(localstripe, buyer)
    first = order.shop_orders.order_by("pk").first()
    refund_create(shop_order_id=first.pk, amount=Decimal("100.00"))
    sent = OutboxEmail.objects.get(kind="order_refunded_buyer")
    assert sent.language == "ar"
    assert "أعدنا" in sent.body_text  # "we refunded", in Arabic
    assert "We refunded" not in sent.body_text


def test_a_failed_refund_changes_nothing_the_buyer_sees(localstripe, client):
    order = _paid_order(localstripe)
    first = order.shop_orders.order_by("pk").first()
    from payments.errors import PaymentError

    with pytest.raises(PaymentError):
        refund_create(shop_order_id=first.pk, amount=Decimal("999999.00"))
    first.refresh_from_db()
    assert first.refunded == 0
    assert not OrderEvent.objects.filter(kind="refund").exists()
    assert not OutboxEmail.objects.filter(kind="order_refunded_buyer").exists()


def test_a_refund_after_cancelling_is_on_the_timeline_without_a_second_mail(localstripe):
    from marketplace.orders.services import shop_order_cancel

    order = _paid_order(localstripe)
    first = order.shop_orders.order_by("pk").first()
    shop_order_cancel(shop_order_id=first.pk, actor=None, reason="out of clay")
    first.refresh_from_db()
    assert first.refunded == first.total
    assert OrderEvent.objects.filter(kind="refund", shop_order=first).count() == 1
    assert not OutboxEmail.objects.filter(kind="order_refunded_buyer").exists()

"""The pay page: who may see it, its JSON steps, and the status page's honesty."""

from decimal import Decimal

import pytest

from payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.payments import PaymentFactory, order_awaiting_payment

from .test_localstripe_flow import CARD_DECLINED, card


def _placed_here(client, order):
    """Make `client` the browser that placed this guest order (its session knows the number)."""
    from marketplace.orders.links import SESSION_ORDERS_KEY

    session = client.session
    session[SESSION_ORDERS_KEY] = [order.number]
    session.save()
    return order


@pytest.mark.django_db
def test_another_buyers_order_is_a_404(client):
    owner, other = UserFactory(), UserFactory()
    order = order_awaiting_payment(buyer=owner)
    client.force_login(other)
    assert client.get(f"/en/pay/{order.number}/").status_code == 404
    assert (
        client.post(f"/en/pay/{order.number}/confirm/", {"payment_method": "pm_x"}).status_code
        == 404
    )
    assert client.get("/en/pay/SK-NOPE-NOPE-NOPE/").status_code == 404


@pytest.mark.django_db
def test_pay_page_loads_stripe_js_from_settings_not_a_cdn(client, localstripe):
    order = _placed_here(client, order_awaiting_payment(totals=(Decimal("99.00"),)))
    response = client.get(f"/fr/pay/{order.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="{localstripe}/js.stripe.com/v3/"' in html
    assert "https://js.stripe.com" not in html
    assert 'data-setup-secret="seti_' in html
    assert Payment.objects.get(order=order).intent_id.startswith("pi_")


@pytest.mark.django_db(transaction=True)
def test_declined_card_answers_plain_words_in_the_page_language(client, localstripe):
    order = _placed_here(client, order_awaiting_payment(totals=(Decimal("99.00"),)))
    client.get(f"/en/pay/{order.number}/")
    response = client.post(
        f"/en/pay/{order.number}/confirm/", {"payment_method": card(CARD_DECLINED)}
    )
    assert response.status_code == 402
    assert response.json()["error"].startswith("Your card was declined")
    assert "next_url" not in response.json()
    # Back on the page, the buyer sees why and can pay with another card.
    page = client.get(f"/en/pay/{order.number}/")
    assert page.status_code == 200 and "Your card was declined" in page.content.decode()


@pytest.mark.django_db
def test_status_page_does_not_say_paid_on_the_browsers_word(client):
    order = _placed_here(client, order_awaiting_payment())
    PaymentFactory(order=order, status=Payment.Status.PROCESSING)
    page = client.get(f"/en/pay/{order.number}/done/").content.decode()
    assert "Payment received" not in page and "Confirming your payment" in page

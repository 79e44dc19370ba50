"""Cart, checkout (idempotent, 409 with the failing lines), orders, cancel and pay."""

from decimal import Decimal

import pytest
import requests
from django.urls import reverse

from marketplace.catalogue.models import Variant
from marketplace.orders.models import CartLine, Order
from payments.models import Payment
from tests.payments.helpers import event, intent_object, post_event

from .conftest import client_for

pytestmark = pytest.mark.django_db

ADDRESS = {
    "name": "Emily Carter",
    "line1": "12 Main Street",
    "city": "Boston",
    "postal_code": "02110",
    "country": "US",
    "phone": "+1 617 555 0100",
}


def _add(client, variant, quantity=1):
    return client.post(
        reverse("api:cart_lines"), {"variant": variant.pk, "quantity": quantity}, format="json"
    )


def _checkout(client, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"currency": "USD", "shipping_address": ADDRESS, **extra}
    return client.post(reverse("api:checkout"), body, format="json", **headers)


def test_cart_add_change_remove(world):
    client = client_for(world.buyer)
    added = _add(client, world.variant, 2)
    assert added.status_code == 201
    cart = added.json()
    assert cart["count"] == 2
    line = cart["shops"][0]["lines"][0]
    assert line["unit_price"] == {"amount": "250.00", "currency": "MAD"}
    assert line["line_total"] == {"amount": "500.00", "currency": "MAD"}

    usd = client.get(reverse("api:cart"), {"currency": "USD", "country": "US"}).json()
    assert usd["total"]["currency"] == "USD" and usd["zone"] == "NA"

    changed = client.patch(
        reverse("api:cart_line", args=[line["id"]]), {"quantity": 3}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["count"] == 3
    removed = client.delete(reverse("api:cart_line", args=[line["id"]]))
    assert removed.status_code == 204
    assert client.get(reverse("api:cart")).json()["count"] == 0


@pytest.mark.parametrize("quantity", [-1, 0, 1.5, "abc", 10**6, 6])
def test_bad_quantities_are_refused_and_the_cart_is_unchanged(world, quantity):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    response = client.post(
        reverse("api:cart_lines"),
        {"variant": world.variant.pk, "quantity": quantity},
        format="json",
    )
    assert response.status_code in (400, 409)
    assert set(response.json()) == {"code", "message", "fields"}
    assert list(CartLine.objects.values_list("quantity", flat=True)) == [1]


def test_another_buyers_cart_line_is_404_and_untouched(world):
    _add(client_for(world.buyer), world.variant, 1)
    line = CartLine.objects.get()
    other = client_for(world.other_buyer)
    assert (
        other.patch(
            reverse("api:cart_line", args=[line.pk]), {"quantity": 2}, format="json"
        ).status_code
        == 404
    )
    assert other.delete(reverse("api:cart_line", args=[line.pk])).status_code == 404
    line.refresh_from_db()
    assert line.quantity == 1


def test_checkout_twice_with_one_key_makes_one_order(world, dead_stripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    _add(client, world.other_variant, 2)
    first = _checkout(client, key="k-123")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["order"]["status"] == "pending_payment"
    assert len(body["order"]["shop_orders"]) == 2
    assert body["order"]["total"]["currency"] == "USD"
    assert isinstance(body["order"]["total"]["amount"], str)
    # The provider is not called while the buyer waits: the payment comes without its intent.
    assert body["payment"]["client_secret"] == ""
    assert body["payment"]["amount"] == body["order"]["total"]["amount"]
    # Stripe down: the pay step says so; the order stands and payment can be retried.
    number = body["order"]["number"]
    assert client.get(reverse("api:order_payment", args=[number])).status_code == 503
    again = _checkout(client, key="k-123")
    assert again.status_code == 201
    assert again.json()["order"]["number"] == number
    assert again.json()["payment"] == body["payment"]
    assert Payment.objects.count() == 1
    assert Order.objects.count() == 1
    assert Variant.objects.get(pk=world.other_variant.pk).stock == 3


def test_checkout_ignores_prices_and_totals_in_the_request(world, dead_stripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    response = _checkout(client, total={"amount": "1.00", "currency": "USD"}, price="0.01")
    assert response.status_code == 201
    order = Order.objects.get()
    assert order.subtotal_mad == Decimal("250.00")


def test_checkout_out_of_stock_is_409_with_the_failing_lines_and_writes_nothing(world):
    client = client_for(world.buyer)
    _add(client, world.variant, 2)
    _add(client, world.other_variant, 1)
    Variant.objects.filter(pk=world.variant.pk).update(stock=1)
    response = _checkout(client)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "out_of_stock"
    assert [(ln["variant"], ln["available"], ln["problem"]) for ln in body["lines"]] == [
        (world.variant.pk, 1, "out_of_stock")
    ]
    assert not Order.objects.exists()
    assert Variant.objects.get(pk=world.other_variant.pk).stock == 5
    assert CartLine.objects.count() == 2


def test_orders_are_private_and_cancellable_until_accepted(world, dead_stripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 2)
    number = _checkout(client).json()["order"]["number"]
    assert Variant.objects.get(pk=world.variant.pk).stock == 3

    listing = client.get(reverse("api:orders")).json()
    assert [o["number"] for o in listing["results"]] == [number]
    assert client_for(world.other_buyer).get(reverse("api:orders")).json()["count"] == 0
    for who in ("other_buyer", "seller", "moderator"):
        assert world.client(who).get(reverse("api:order_detail", args=[number])).status_code == 404
        assert world.client(who).post(reverse("api:order_cancel", args=[number])).status_code == 404
    assert world.client(None).get(reverse("api:order_detail", args=[number])).status_code == 401

    cancelled = client.post(reverse("api:order_cancel", args=[number]), {"reason": "oops"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert Variant.objects.get(pk=world.variant.pk).stock == 5
    again = client.post(reverse("api:order_cancel", args=[number]))
    assert again.status_code == 409 and again.json()["code"] == "not_cancellable"


@pytest.mark.localstripe
def test_complete_purchase_paid_through_localstripe_and_the_webhook(world, localstripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    created = _checkout(client, key="pay-1")
    assert created.status_code == 201
    number = created.json()["order"]["number"]
    # The card step (api_docs.md): the pay step answers the PaymentIntent's client secret.
    payment = client.get(reverse("api:order_payment", args=[number])).json()
    assert payment["client_secret"].startswith("pi_")
    assert payment["publishable_key"]
    assert payment["amount"] == created.json()["order"]["total"]["amount"]

    # The client collects the card with the publishable key, as Stripe.js confirmCardSetup does.
    setup = client.post(reverse("api:order_payment_setup", args=[number]))
    assert setup.status_code == 201
    confirmed = requests.post(
        f"{localstripe}/v1/setup_intents/{setup.json()['id']}/confirm",
        data={
            "key": setup.json()["publishable_key"],
            "client_secret": setup.json()["client_secret"],
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": "4242424242424242",
            "payment_method_data[card][exp_month]": "12",
            "payment_method_data[card][exp_year]": "2030",
            "payment_method_data[card][cvc]": "123",
        },
        timeout=10,
    ).json()
    pm = {"id": confirmed["payment_method"]}
    paid = client.post(
        reverse("api:order_payment", args=[number]), {"payment_method": pm["id"]}, format="json"
    )
    assert paid.status_code == 200, paid.json()
    assert paid.json()["status"] in ("processing", "succeeded")
    # Not paid on the client's word: only Stripe's signed webhook marks the order paid.
    assert client.get(reverse("api:order_detail", args=[number])).json()["status"] == (
        "pending_payment"
    )
    row = Payment.objects.get(order__number=number)
    post_event(client_for(), event("payment_intent.succeeded", intent_object(row)))
    order = client.get(reverse("api:order_detail", args=[number])).json()
    assert order["status"] == "paid"
    assert {so["status"] for so in order["shop_orders"]} == {"paid"}


@pytest.mark.localstripe
def test_checkout_never_waits_on_the_provider_a_task_creates_the_intent(
    world, localstripe, django_capture_on_commit_callbacks, monkeypatch
):
    """The PaymentIntent is made after commit by payments.start_intent, once, and reused."""
    from payments import stripe_client

    calls = []
    real = stripe_client.intent_create
    monkeypatch.setattr(
        stripe_client, "intent_create", lambda **kw: calls.append(kw["order_number"]) or real(**kw)
    )
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    with django_capture_on_commit_callbacks() as after_commit:  # held back: the request alone
        created = _checkout(client, key="async-1")
    assert created.status_code == 201, created.json()
    number = created.json()["order"]["number"]
    assert calls == []
    assert created.json()["payment"]["client_secret"] == ""
    assert created.json()["payment"]["status"] == "created"
    row = Payment.objects.get(order__number=number)
    assert row.intent_id is None and row.amount == Order.objects.get(number=number).total
    for callback in after_commit:  # the commit: the task (eager here) creates the intent
        callback()
    assert calls == [number]
    row.refresh_from_db()
    assert row.intent_id.startswith("pi_") and row.client_secret
    paying = client.get(reverse("api:order_payment", args=[number])).json()
    assert paying["client_secret"] == row.client_secret
    assert calls == [number]  # the pay step reused the task's intent


@pytest.mark.localstripe
def test_the_pay_step_creates_the_intent_when_the_task_has_not_yet(world, localstripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    created = _checkout(client, key="async-2")  # inside the test's transaction: no commit yet
    number = created.json()["order"]["number"]
    assert Payment.objects.get(order__number=number).intent_id is None
    paying = client.get(reverse("api:order_payment", args=[number]))
    assert paying.status_code == 200
    assert paying.json()["client_secret"].startswith("pi_")
    assert Payment.objects.get(order__number=number).intent_id.startswith("pi_")

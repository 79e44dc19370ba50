"""Checkout under contention and replays (faults 17 and 21 of [hardening])."""

import contextlib
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from marketplace.catalogue.models import Variant
from marketplace.orders.models import CartLine, Order

from .conftest import client_for
from .test_orders import ADDRESS, _add, _checkout


@contextlib.contextmanager
def row_locked(variant):
    """Hold a variant's row lock from another connection (a stuck checkout) meanwhile."""
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        with transaction.atomic():
            Variant.objects.select_for_update().get(pk=variant.pk)
            locked.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(10)
        yield
    finally:
        release.set()
        holder.join(10)


def test_a_key_reused_with_another_body_is_refused_and_changes_nothing(world, dead_stripe):
    client = client_for(world.buyer)
    _add(client, world.variant, 1)
    first = _checkout(client, key="order-1")
    assert first.status_code == 201
    number = first.json()["order"]["number"]
    _add(client, world.other_variant, 2)  # the cart is refilled since

    for changed in (
        {"currency": "EUR"},
        {"shipping_address": {**ADDRESS, "line1": "1 Other Street"}},
        {"email": "someone.else@example.com"},
    ):
        again = _checkout(client, key="order-1", **changed)
        assert again.status_code == 409, changed
        assert again.json()["code"] == "idempotency_key_reused"
        assert set(again.json()) == {"code", "message", "fields", "lines"}
        assert again.json()["lines"] == []  # about the key, not the cart
    assert Order.objects.count() == 1
    assert CartLine.objects.filter(cart__user=world.buyer).count() == 1  # still in the cart
    assert Variant.objects.get(pk=world.other_variant.pk).stock == 5
    same = _checkout(client, key="order-1")  # the same request again: the same order
    assert same.status_code == 201 and same.json()["order"]["number"] == number
    assert Order.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_checkouts_give_up_within_the_lock_timeout_while_a_variant_is_held(
    world, settings, dead_stripe
):
    """Fault 17: a variant locked for 30 s made 8 checkouts wait 29 s each."""
    settings.DB_LOCK_TIMEOUT_MS = 3000
    variant = world.variant
    buyers = [client_for(world.buyer), client_for(world.other_buyer)]
    for client in buyers:
        _add(client, variant, 1)
    with row_locked(variant):
        answers = []
        for client in buyers * 2:
            started = time.monotonic()
            response = _checkout(client)
            answers.append((response.status_code, time.monotonic() - started, response))
        # An unrelated page is not stuck behind the lock either.
        started = time.monotonic()
        assert Client().get(reverse("api:products")).status_code == 200
        assert time.monotonic() - started < 2
    for status, seconds, response in answers:
        assert status == 503, response.json()
        assert 2.5 < seconds < 5.5, seconds
        assert response["Retry-After"] == "2"
        assert response.json()["code"] == "busy"
    print("\ncheckouts answered after", ", ".join(f"{s:.2f} s" for _st, s, _r in answers))
    assert Order.objects.count() == 0
    assert Variant.objects.get(pk=variant.pk).stock == 5
    # Once the row is free the same cart checks out.
    assert _checkout(buyers[0]).status_code == 201


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_web_checkout_answers_a_busy_page_not_a_500(world, settings):
    settings.DB_LOCK_TIMEOUT_MS = 1000
    browser = Client()
    browser.force_login(world.buyer)
    browser.post(reverse("orders:cart_add"), {"variant": world.variant.pk, "quantity": 1})
    form = {
        "email": world.buyer.email, "name": "Emily Carter", "line1": "12 Main Street",
        "city": "Boston", "postal_code": "02110", "country": "US", "phone": "+16175550100",
        "currency": "USD", "token": "web-1", "action": "place",
    }  # fmt: skip
    with row_locked(world.variant):
        response = browser.post(reverse("orders:checkout"), form)
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert Order.objects.count() == 0
    assert Variant.objects.get(pk=world.variant.pk).stock == 5

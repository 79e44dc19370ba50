"""The COD confirmation code: it expires, works once, is capped, and releases like unpaid."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.catalogue.models import Variant
from marketplace.core.models import OutboxEmail
from marketplace.orders.models import Order, OrderEvent
from marketplace.orders.services import orders_release_unpaid
from marketplace.seller.selectors import shop_orders
from payments.errors import CodError
from payments.models import CodConfirmation
from payments.services import cod_code_resend, cod_code_verify
from tests.factories import UserFactory

from .cod_helpers import cod_cart, cod_shop, code_from, place_cod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_card(settings):
    settings.ORDERS_START_PAYMENT = False


@pytest.fixture
def placed(django_capture_on_commit_callbacks, text_messages):
    """A COD order from two shops, placed by a buyer in Casablanca; its code was sent."""
    a, b = cod_shop(), cod_shop()
    for shop, language in ((a, "ar"), (b, "fr")):  # each maker reads in their own language
        shop.artisan.user = UserFactory(language=language)
        shop.artisan.save()
    buyer, cart, variants = cod_cart((a, 1), (b, 1))
    with django_capture_on_commit_callbacks(execute=True):
        order = place_cod(cart, buyer)
    return order, variants, (a, b)


def _age(order, **delta):
    """Pretend the last code went out `delta` ago (resend gaps, expiry)."""
    then = timezone.now() - timedelta(**delta)
    CodConfirmation.objects.filter(order=order).update(
        last_sent_at=then, expires_at=then + timedelta(minutes=10)
    )


def _refused(fn, **kwargs) -> CodError:
    with pytest.raises(CodError) as caught:
        fn(**kwargs)
    return caught.value


def test_right_code_confirms_once_and_shops_see_it_then(
    placed, text_messages, django_capture_on_commit_callbacks
):
    order, _variants, (a, b) = placed
    assert not shop_orders(a).filter(order=order).exists()  # not before
    code = code_from(text_messages)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = cod_code_verify(order_id=order.pk, code=code)
    assert confirmed.status == "confirmed"
    assert set(order.shop_orders.values_list("status", flat=True)) == {"confirmed"}
    for shop in (a, b):
        assert shop_orders(shop).filter(order=order).exists()
    # Single use: the same code again is refused and confirms nothing twice.
    again = _refused(cod_code_verify, order_id=order.pk, code=code)
    assert again.code == "already_confirmed" and again.status == 409
    assert OrderEvent.objects.filter(order=order, kind="cod_confirmed").count() == 1
    # The buyer hears it by SMS in Arabic; each shop gets one e-mail about the new order.
    confirmed_sms = [m for m in text_messages if m.purpose == "cod_confirmed"]
    assert len(confirmed_sms) == 1 and confirmed_sms[0].language == "ar"
    to_shops = {e.to_email: e for e in OutboxEmail.objects.filter(kind="order_new_shop")}
    assert set(to_shops) == {a.artisan.user.email, b.artisan.user.email}
    assert "الدفع عند الاستلام" in to_shops[a.artisan.user.email].subject
    assert "paiement à la livraison" in to_shops[b.artisan.user.email].subject
    buyer_mail = OutboxEmail.objects.get(kind="order_paid_buyer")
    assert "تدفع نقدا" in buyer_mail.body_text


def test_code_expires(placed, text_messages):
    order, _v, _s = placed
    code = code_from(text_messages)
    CodConfirmation.objects.filter(order=order).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    err = _refused(cod_code_verify, order_id=order.pk, code=code)
    assert err.code == "code_expired" and err.status == 400
    assert Order.objects.get(pk=order.pk).status == "pending_payment"


def test_wrong_tries_are_capped_then_even_the_right_code_fails(placed, text_messages, settings):
    order, _v, _s = placed
    code = code_from(text_messages)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = []
    for guess in [wrong, "abc", wrong, "12", wrong]:  # malformed tries count too
        answers.append(_refused(cod_code_verify, order_id=order.pk, code=guess).code)
    assert answers[:4] == ["wrong_code", "invalid_code", "wrong_code", "invalid_code"]
    assert answers[4] == "code_used_up"
    err = _refused(cod_code_verify, order_id=order.pk, code=code)
    assert err.code == "code_used_up" and err.status == 429
    assert Order.objects.get(pk=order.pk).status == "pending_payment"
    assert CodConfirmation.objects.get(order=order).code_hash == ""  # burnt


def test_enumeration_is_bounded_by_codes_per_order_times_tries(placed, text_messages, settings):
    """At most MAX_SENDS × MAX_ATTEMPTS guesses per order: 20 out of a million codes."""
    order, _v, _s = placed
    guesses = 0
    for _round in range(10):
        for _try in range(settings.COD_CODE_MAX_ATTEMPTS):
            with contextlib.suppress(CodError):
                cod_code_verify(order_id=order.pk, code="000000")
            guesses += 1
        _age(order, minutes=2)
        try:
            cod_code_resend(order_id=order.pk)
        except CodError as exc:
            assert exc.code == "too_many_codes" and exc.status == 429
            break
    assert guesses == settings.COD_CODE_MAX_SENDS * settings.COD_CODE_MAX_ATTEMPTS
    assert len([m for m in text_messages if m.purpose == "cod_code"]) <= settings.COD_CODE_MAX_SENDS


def test_resend_waits_between_codes_and_the_old_code_stops_working(
    placed, text_messages, django_capture_on_commit_callbacks
):
    order, _v, _s = placed
    first = code_from(text_messages)
    err = _refused(cod_code_resend, order_id=order.pk)
    assert err.code == "resend_too_soon" and err.status == 429 and err.retry_after
    _age(order, minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        cod_code_resend(order_id=order.pk, channel="whatsapp")
    second = code_from(text_messages)
    assert text_messages[-1].channel == "whatsapp"
    if second != first:
        assert _refused(cod_code_verify, order_id=order.pk, code=first).code == "wrong_code"
    assert cod_code_verify(order_id=order.pk, code=second).status == "confirmed"


def test_codes_per_phone_are_limited_across_orders(
    settings, text_messages, django_capture_on_commit_callbacks
):
    settings.COD_CODE_SENDS_PER_PHONE_HOUR = 3
    shop = cod_shop()
    orders = []
    for _ in range(3):  # three orders, three codes to one phone
        buyer, cart, _v = cod_cart((shop, 5))
        with django_capture_on_commit_callbacks(execute=True):
            orders.append(place_cod(cart, buyer))
    _age(orders[0], minutes=5)
    err = _refused(cod_code_resend, order_id=orders[0].pk)
    assert err.code == "phone_rate_limited" and err.status == 429
    assert len(text_messages) == 3


def test_unconfirmed_order_is_released_and_its_code_then_refused(placed, text_messages, settings):
    order, variants, _s = placed
    code = code_from(text_messages)
    later = timezone.now() + settings.UNPAID_ORDER_TIMEOUT + timedelta(minutes=1)
    assert orders_release_unpaid(now=later) == 1
    assert orders_release_unpaid(now=later) == 0  # a second run finds nothing to do
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert [Variant.objects.get(pk=v.pk).stock for v in variants] == [1, 1]
    err = _refused(cod_code_verify, order_id=order.pk, code=code)
    assert err.code == "order_released" and err.status == 409


def test_confirm_page_in_arabic(client, placed, text_messages):
    order, _v, _s = placed
    client.force_login(order.buyer)
    page = client.get(f"/ar/pay/{order.number}/cash/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    wrong = client.post(f"/ar/pay/{order.number}/cash/", {"code": "1"})
    assert wrong.status_code == 400
    ok = client.post(f"/ar/pay/{order.number}/cash/", {"code": code_from(text_messages)})
    assert ok.status_code == 302 and ok["Location"].startswith(f"/ar/orders/{order.number}/")
    assert Order.objects.get(pk=order.pk).status == "confirmed"


def test_another_buyer_cannot_confirm_through_the_api(placed, text_messages):
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    order, _v, _s = placed
    api = APIClient()
    api.force_authenticate(UserFactory())
    answer = api.post(
        f"/api/v1/orders/{order.number}/cod/confirm/",
        {"code": code_from(text_messages)},
        format="json",
    )
    assert answer.status_code == 404
    api.force_authenticate(order.buyer)
    bad = api.post(f"/api/v1/orders/{order.number}/cod/confirm/", {"code": "xx"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_code"
    good = api.post(
        f"/api/v1/orders/{order.number}/cod/confirm/",
        {"code": code_from(text_messages)},
        format="json",
    )
    assert good.status_code == 200 and good.json()["status"] == "confirmed"

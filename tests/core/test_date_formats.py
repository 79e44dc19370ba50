"""One date format per language, day before month: no "12/05/2026" for 5 December."""

import datetime

import pytest
from django.utils import formats, translation

from tests.factories import UserFactory
from tests.factories.orders import OrderFactory

DAY = datetime.date(2026, 12, 5)


@pytest.mark.parametrize(
    "lang, long, short",
    [
        ("en", "5 December 2026", "05/12/2026"),
        ("fr", "5 décembre 2026", "05/12/2026"),
        ("es", "5 diciembre 2026", "05/12/2026"),
        ("ar", "5 ديسمبر 2026", "05/12/2026"),
    ],
)
def test_every_language_writes_the_day_first(lang, long, short):
    with translation.override(lang):
        assert formats.date_format(DAY, "DATE_FORMAT") == long
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == short


@pytest.mark.django_db
def test_the_buyers_order_history_in_english_is_day_first(client):
    buyer = UserFactory(language="en")
    order = OrderFactory(buyer=buyer, email=buyer.email)
    type(order).objects.filter(pk=order.pk).update(
        created_at=datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)
    )
    client.force_login(buyer)
    page = client.get("/en/orders/").content.decode()
    assert "5 December 2026" in page and "12/05/2026" not in page

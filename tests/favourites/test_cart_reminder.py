"""The cart reminder: one e-mail per cart left 24 hours by an opted-in buyer, none if sold out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.favourites import services
from marketplace.favourites.models import CartReminder
from marketplace.favourites.tasks import cart_reminders
from marketplace.orders.models import CartLine
from marketplace.orders.services import cart_add, cart_get_or_create
from tests.factories import UserFactory

from .conftest import links_in, mails

pytestmark = pytest.mark.django_db


def _left(cart, hours):
    """Pretend the cart was last touched `hours` ago."""
    then = timezone.now() - timedelta(hours=hours)
    CartLine.objects.filter(cart=cart).update(created_at=then, updated_at=then)
    type(cart).objects.filter(pk=cart.pk).update(updated_at=then)


@pytest.fixture
def opted_in():
    user = UserFactory(language="es")
    services.alert_settings_update(user=user, cart_reminder=True)
    return user


def test_a_cart_left_a_day_gets_one_reminder_and_only_one(pieces, opted_in):
    cart = cart_get_or_create(user=opted_in)
    cart_add(cart=cart, variant_id=pieces[0].pk, quantity=1)
    _left(cart, 23)
    assert cart_reminders() == 0  # not a day yet
    _left(cart, 25)
    assert cart_reminders() == 1
    sent = mails("favourites_cart_reminder", opted_in.email)
    assert len(sent) == 1 and sent[0].language == "es"
    assert pieces[0].product.title_es or pieces[0].product.title_fr in sent[0].body_text
    assert any(p == "/es/cart/" for p in links_in(sent[0]))
    # The beat again, a day later, another piece added meanwhile: never a second one.
    assert cart_reminders() == 0
    cart_add(cart=cart, variant_id=pieces[1].pk, quantity=1)
    _left(cart, 48)
    assert cart_reminders() == 0
    assert len(mails("favourites_cart_reminder")) == 1


def test_a_cart_emptied_and_filled_again_is_a_new_cart(pieces, opted_in):
    cart = cart_get_or_create(user=opted_in)
    cart_add(cart=cart, variant_id=pieces[0].pk, quantity=1)
    _left(cart, 30)
    assert cart_reminders() == 1
    CartReminder.objects.update(sent_at=timezone.now() - timedelta(hours=29))
    CartLine.objects.filter(cart=cart).delete()  # checked out the next hour
    cart_add(cart=cart, variant_id=pieces[1].pk, quantity=1)
    _left(cart, 26)
    assert cart_reminders() == 1
    assert len(mails("favourites_cart_reminder")) == 2


def test_no_reminder_when_the_pieces_sold_out(pieces, opted_in):
    cart = cart_get_or_create(user=opted_in)
    cart_add(cart=cart, variant_id=pieces[1].pk, quantity=1)
    type(pieces[1]).objects.filter(pk=pieces[1].pk).update(stock=0)  # sold to someone else
    _left(cart, 30)
    assert cart_reminders() == 0
    assert not mails("favourites_cart_reminder")


def test_a_sold_out_line_is_left_out_of_the_reminder(pieces, opted_in):
    cart = cart_get_or_create(user=opted_in)
    cart_add(cart=cart, variant_id=pieces[0].pk, quantity=1)
    cart_add(cart=cart, variant_id=pieces[1].pk, quantity=1)
    type(pieces[1]).objects.filter(pk=pieces[1].pk).update(stock=0)
    _left(cart, 30)
    assert cart_reminders() == 1
    text = mails("favourites_cart_reminder")[0].body_text
    assert pieces[0].product.slug in text and pieces[1].product.slug not in text


def test_no_reminder_without_opting_in_or_after_opting_out(pieces, opted_in):
    silent = UserFactory()
    cart = cart_get_or_create(user=silent)
    cart_add(cart=cart, variant_id=pieces[0].pk, quantity=1)
    _left(cart, 30)
    services.alert_settings_update(user=opted_in, cart_reminder=False)
    other = cart_get_or_create(user=opted_in)
    cart_add(cart=other, variant_id=pieces[0].pk, quantity=1)
    _left(other, 30)
    assert cart_reminders() == 0
    assert not mails("favourites_cart_reminder")

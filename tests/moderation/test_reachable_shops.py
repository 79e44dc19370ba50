"""Shops are always reachable, in their people's languages ([hardening], first-wave checks).

A cooperative whose managers had no account got no new-order e-mail, nothing stopped such a
shop from being verified, and shop e-mails were always in French.
"""

import re

import pytest

from artisans.models import Membership
from marketplace.core.errors import DomainError
from marketplace.core.models import OutboxEmail
from marketplace.moderation import services
from marketplace.orders.models import OrderEvent
from marketplace.orders.services import order_mark_paid
from tests.factories import ArtisanFactory, ShopFactory, UserFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory

from .helpers import make_moderator

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _coop_shop(*managers, status="pending"):
    shop = ShopFactory(coop=True, status=status)
    for user in managers:
        Membership.objects.create(
            cooperative=shop.cooperative,
            artisan=ArtisanFactory(user=user),
            role=Membership.Role.MANAGER,
        )
    Membership.objects.create(cooperative=shop.cooperative, artisan=ArtisanFactory())  # no user
    return shop


def _paid_order_for(shop, *, language="en"):
    order = OrderFactory(email="buyer@example.com", language=language)
    OrderLineFactory(shop_order=ShopOrderFactory(order=order, shop=shop))
    order.total = sum(so.total for so in order.shop_orders.all())
    order.save(update_fields=["total"])
    assert order_mark_paid(order_id=order.pk)
    return order


def test_a_shop_nobody_can_be_emailed_about_is_not_verified():
    mod = make_moderator()
    shop = _coop_shop()  # its managers have no account
    with pytest.raises(DomainError) as err:
        services.shop_verify(shop_id=shop.pk, actor=mod)
    assert err.value.code == "moderation_shop_unreachable" and err.value.status == 409
    shop.refresh_from_db()
    assert shop.status == "pending"

    unconfirmed = UserFactory(email_verified=False)
    shop = _coop_shop(unconfirmed)
    with pytest.raises(DomainError):
        services.shop_verify(shop_id=shop.pk, actor=mod)
    unconfirmed.email_verified = True
    unconfirmed.save()
    services.shop_verify(shop_id=shop.pk, actor=mod)
    shop.refresh_from_db()
    assert shop.status == "verified"


def test_a_paid_order_for_an_unreachable_shop_alerts_staff():
    admin = UserFactory(is_superuser=True, is_staff=True, language="fr")
    moderator = make_moderator(language="ar")
    shop = _coop_shop(status="verified")  # its managers left after verification
    order = _paid_order_for(shop)

    alerts = OutboxEmail.objects.filter(kind="staff_shop_unreachable").order_by("to_email")
    assert {(a.to_email, a.language) for a in alerts} == {
        (admin.email, "fr"),
        (moderator.email, "ar"),
    }
    assert all(order.number in a.subject for a in alerts)
    assert ARABIC.search(alerts.get(to_email=moderator.email).subject)
    assert OrderEvent.objects.filter(order=order, kind="shop_unreachable").count() == 1
    assert OutboxEmail.objects.filter(kind="order_paid_buyer", to_email=order.email).exists()
    assert not OutboxEmail.objects.filter(kind="order_new_shop").exists()


def test_shop_emails_go_to_each_person_in_their_own_language():
    ar, es = UserFactory(language="ar"), UserFactory(language="es")
    unconfirmed = UserFactory(language="en", email_verified=False)
    shop = _coop_shop(ar, es, unconfirmed, status="verified")
    order = _paid_order_for(shop, language="en")

    mails = {m.to_email: m for m in OutboxEmail.objects.filter(kind="order_new_shop")}
    assert set(mails) == {ar.email, es.email}  # an unconfirmed address is no contact
    assert mails[ar.email].language == "ar" and ARABIC.search(mails[ar.email].subject)
    assert mails[es.email].language == "es" and "pedido" in mails[es.email].subject.lower()
    buyer = OutboxEmail.objects.get(kind="order_paid_buyer")
    assert buyer.language == "en" and order.number in buyer.subject
    assert not OutboxEmail.objects.filter(kind="staff_shop_unreachable").exists()


def test_an_artisans_shop_email_is_in_the_artisans_language():
    owner = UserFactory(language="ar")
    shop = ShopFactory(artisan=ArtisanFactory(user=owner))
    _paid_order_for(shop, language="fr")
    mail = OutboxEmail.objects.get(kind="order_new_shop")
    assert mail.to_email == owner.email and mail.language == "ar"
    assert ARABIC.search(mail.subject) and ARABIC.search(mail.body_text)

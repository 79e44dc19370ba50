"""Back-in-stock alerts and the weekly digest: once per event, in the buyer's language, with a
signed unsubscribe link that works once, logged out, and cannot be forged."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.catalogue.services import variant_update
from marketplace.favourites import services
from marketplace.favourites.models import Follow, StockAlert
from marketplace.favourites.tasks import follow_digests, stock_alerts_sweep
from tests.factories import ProductFactory, UserFactory

from .conftest import links_in, mails

pytestmark = pytest.mark.django_db


@pytest.fixture
def restock(django_capture_on_commit_callbacks):
    """Set a variant's stock as its seller does; what runs after commit runs (eager tasks)."""

    def run(variant, stock):
        with django_capture_on_commit_callbacks(execute=True):
            return variant_update(
                variant_id=variant.pk,
                actor=None,
                options=variant.options,
                price=variant.price,
                stock=stock,
            )

    return run


def test_asking_for_an_alert_on_the_page_needs_an_account_and_a_sold_out_piece(pieces, buyer):
    sold_out = pieces[2]
    anonymous = Client().post("/en/favourites/alerts/add/", {"variant": sold_out.pk})
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    client = Client()
    client.force_login(buyer)
    assert client.post("/en/favourites/alerts/add/", {"variant": sold_out.pk}).status_code == 302
    assert client.post("/en/favourites/alerts/add/", {"variant": sold_out.pk}).status_code == 302
    assert StockAlert.objects.filter(user=buyer, variant=sold_out).count() == 1
    in_stock = client.post(
        "/en/favourites/alerts/add/", {"variant": pieces[0].pk}, HTTP_ACCEPT="application/json"
    )
    assert in_stock.status_code == 409 and in_stock.json()["code"] == "alert_in_stock"
    assert client.post("/en/favourites/alerts/add/", {"variant": "x"}).status_code == 404
    assert StockAlert.objects.count() == 1


def test_a_restock_tells_each_alert_once_in_the_buyers_language(pieces, restock):
    sold_out = pieces[2]
    french, arabic = UserFactory(language="fr"), UserFactory(language="ar")
    for user in (french, arabic):
        services.stock_alert_create(user=user, variant_id=sold_out.pk)
    restock(sold_out, 3)  # 0 → 3: the event (eager tasks in tests)
    sent = mails("favourites_back_in_stock")
    assert {m.to_email for m in sent} == {french.email, arabic.email}
    by_language = {m.language: m for m in sent}
    product = sold_out.product
    assert product.title_fr in by_language["fr"].subject + by_language["fr"].body_text
    assert product.title_ar in by_language["ar"].body_text
    assert f"/fr/p/{product.slug}/" in links_in(by_language["fr"])
    assert f"/ar/p/{product.slug}/" in links_in(by_language["ar"])
    # More stock, a sweep, a redelivered task: nothing more for this event.
    restock(sold_out, 5)
    stock_alerts_sweep()
    services.stock_alerts_send(variant_ids=[sold_out.pk])
    assert len(mails("favourites_back_in_stock")) == 2
    # Sold out again and back again: the alert was told; a new one asked is a new event.
    restock(sold_out, 0)
    services.stock_alert_create(user=french, variant_id=sold_out.pk)
    restock(sold_out, 1)
    assert len(mails("favourites_back_in_stock", french.email)) == 2
    assert len(mails("favourites_back_in_stock", arabic.email)) == 1


def test_an_alert_for_a_piece_sold_out_again_before_the_task_keeps_waiting(pieces, buyer):
    sold_out = pieces[2]
    services.stock_alert_create(user=buyer, variant_id=sold_out.pk)
    assert services.stock_alerts_send(variant_ids=[sold_out.pk]) == 0  # still 0
    assert StockAlert.objects.get().notified_at is None
    assert not mails("favourites_back_in_stock")


def test_the_unsubscribe_link_works_once_logged_out_and_cannot_be_forged(pieces, buyer):
    sold_out = pieces[2]
    alert = services.stock_alert_create(user=buyer, variant_id=sold_out.pk)
    token = services.unsubscribe_token(user_id=buyer.pk, kind="alert", pk=alert.pk)
    url = f"/en/favourites/unsubscribe/{token}/"
    visitor = Client()  # logged out
    shown = visitor.get(url)
    assert shown.status_code == 200 and sold_out.product.title_en in shown.content.decode()
    assert StockAlert.objects.filter(pk=alert.pk).exists()  # a GET (a mail scanner) stops nothing
    # Forged: another alert's id, another user, a changed signature.
    other = services.stock_alert_create(user=UserFactory(), variant_id=sold_out.pk)
    forged = [
        token.replace(token[-3:], "abc" if token[-3:] != "abc" else "abd"),
        f"{token[:-1]}",
        "WzEsImFsZXJ0IiwxXQ:1tAAAA:abcdefghijklmnopqrstuvwxyz0",
    ]
    for bad in forged:
        response = visitor.post(f"/en/favourites/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
    assert StockAlert.objects.filter(pk__in=[alert.pk, other.pk]).count() == 2
    done = visitor.post(url)
    assert done.status_code == 200 and "unsubscribed" in done.content.decode()
    assert not StockAlert.objects.filter(pk=alert.pk).exists()
    assert StockAlert.objects.filter(pk=other.pk).exists()
    # The second use does nothing more, even after subscribing again.
    again = services.stock_alert_create(user=buyer, variant_id=sold_out.pk)
    used = visitor.post(url)
    assert used.status_code == 410 and "already used" in used.content.decode()
    assert StockAlert.objects.filter(pk=again.pk).exists()


def test_a_link_from_the_email_stops_that_alert(pieces, buyer, restock):
    sold_out = pieces[2]
    services.stock_alert_create(user=buyer, variant_id=sold_out.pk)
    services.stock_alert_create(user=buyer, variant_id=pieces[2].pk)
    restock(sold_out, 2)
    mail = mails("favourites_back_in_stock", buyer.email)[0]
    unsubscribe = next(p for p in links_in(mail) if "/unsubscribe/" in p)
    assert unsubscribe.startswith("/fr/favourites/unsubscribe/")
    assert Client().post(unsubscribe).status_code == 200
    assert Client().post(unsubscribe).status_code == 410


def test_the_digest_is_weekly_at_most_and_tells_each_new_piece_once(shop, buyer):
    now = timezone.now()
    follow = services.follow_add(user=buyer, shop_id=shop.pk)
    Follow.objects.filter(pk=follow.pk).update(told_until=now - timedelta(days=30))
    ProductFactory(shop=shop, published_at=now - timedelta(days=40))  # before the follow
    first = ProductFactory(shop=shop, published_at=now - timedelta(days=2))
    assert services.follow_digests_send(now=now) == 1
    digest = mails("favourites_digest", buyer.email)
    assert len(digest) == 1 and first.title_fr in digest[0].body_text
    assert digest[0].language == "fr"
    # A new piece two days later waits for the week to pass; the beat running again sends none.
    second = ProductFactory(shop=shop, published_at=now + timedelta(days=1))
    assert services.follow_digests_send(now=now + timedelta(days=2)) == 0
    follow_digests()
    assert len(mails("favourites_digest")) == 1
    assert services.follow_digests_send(now=now + timedelta(days=8)) == 1
    last = mails("favourites_digest", buyer.email)[-1]
    assert second.title_fr in last.body_text and first.title_fr not in last.body_text
    # Nothing new: no e-mail at all.
    assert services.follow_digests_send(now=now + timedelta(days=20)) == 0
    # The digest's own link turns that shop's e-mails off.
    stop = [p for p in links_in(last) if "/unsubscribe/" in p]
    assert Client().post(stop[0]).status_code == 200
    assert Follow.objects.get(pk=follow.pk).digest is False


def test_the_preferences_page_lists_every_subscription_and_turns_them_off(pieces, shop, buyer):
    alert = services.stock_alert_create(user=buyer, variant_id=pieces[2].pk)
    services.follow_add(user=buyer, shop_id=shop.pk)
    services.alert_settings_update(user=buyer, cart_reminder=True)
    client = Client()
    client.force_login(buyer)
    page = client.get("/en/favourites/alerts/").content.decode()
    assert pieces[2].product.title_en in page and shop.name in page and "checked" in page
    client.post("/en/favourites/alerts/", {"action": "cancel_alert", "alert": alert.pk})
    client.post("/en/favourites/alerts/", {"action": "digest_off", "shop": shop.pk})
    client.post("/en/favourites/alerts/", {"action": "settings"})
    assert not StockAlert.objects.exists()
    assert buyer.follows.get().digest is False
    assert services.alert_settings_for(buyer).cart_reminder is False
    assert client.post("/en/favourites/alerts/", {"action": "bogus"}).status_code == 400
    assert Client().get("/en/favourites/alerts/").status_code == 302  # log in first

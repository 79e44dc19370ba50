"""Sign-up needs a confirmed e-mail and never tells who has an account (findings 8 and 13)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.orders import OrderFactory

from .helpers import link_in, mails_to

pytestmark = pytest.mark.django_db

CHOSEN = "tajine-de-safi-42"


def _sign_up(client, email, password=CHOSEN, name="Léa"):
    return client.post(
        "/fr/account/signup/", {"display_name": name, "email": email, "password": password}
    )


def _login(client, email, password):
    return client.post("/en/account/login/", {"username": email, "password": password})


def test_signup_makes_an_account_that_works_only_after_the_emailed_link():
    client = Client()
    response = _sign_up(client, "Lea@Example.fr")
    assert response.status_code == 302 and response["Location"].endswith("/signup/sent/")
    assert "_auth_user_id" not in client.session
    user = User.objects.get(email="lea@example.fr")
    assert user.email_verified is False and user.language == "fr" and not user.is_staff

    refused = _login(client, "lea@example.fr", CHOSEN)
    assert refused.status_code == 400 and "_auth_user_id" not in client.session
    assert "confirm your e-mail" in refused.content.decode()
    api = APIClient().post(
        "/api/v1/auth/token/", {"email": "lea@example.fr", "password": CHOSEN}, format="json"
    )
    assert api.status_code == 403 and api.json()["code"] == "email_unverified"

    link = link_in(mails_to("lea@example.fr", "account_verify")[0])
    assert "/fr/account/verify/" in link
    assert client.get(link).status_code == 200
    wrong = client.post(link, {"password": "not-the-one"})
    assert wrong.status_code == 400
    assert User.objects.get(pk=user.pk).email_verified is False
    done = client.post(link, {"password": CHOSEN})
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.get(pk=user.pk).email_verified is True
    assert client.get(link).status_code == 400  # used: the link works once


def test_a_stranger_who_opens_an_unasked_link_cannot_confirm_someone_elses_sign_up():
    _sign_up(Client(), "victim@example.com", password="attackers-own-pw-77")
    link = link_in(mails_to("victim@example.com", "account_verify")[0])
    victim = Client()
    assert victim.post(link, {"password": "whatever-i-try"}).status_code == 400
    assert User.objects.get(email="victim@example.com").email_verified is False


def test_an_expired_link_is_refused(settings):
    _sign_up(Client(), "lea@example.fr")
    link = link_in(mails_to("lea@example.fr", "account_verify")[0])
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    response = Client().post(link, {"password": CHOSEN})
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()  # the link is in French
    assert User.objects.get(email="lea@example.fr").email_verified is False


def test_signing_up_with_a_registered_email_looks_the_same_and_tells_the_owner():
    """Finding 13: sign-up revealed registered e-mails."""
    owner = UserFactory(email="amina@example.com", language="ar")
    taken = _sign_up(Client(), "AMINA@example.com", password="attackers-own-pw-77")
    free = _sign_up(Client(), "nobody@example.com")
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.email_verified
    assert User.objects.filter(email__iexact="amina@example.com").count() == 1
    [mail] = mails_to("amina@example.com")
    assert mail.kind == "account_exists" and mail.language == "ar"
    assert "/ar/account/login/" in mail.body_text


def test_api_register_answers_alike_and_hands_no_token_before_confirmation():
    UserFactory(email="amina@example.com")
    body = {"password": "a-long-enough-pass-9", "currency": "USD", "country": "us"}
    taken = APIClient().post(
        "/api/v1/auth/register/", {**body, "email": "amina@example.com"}, format="json"
    )
    new = APIClient().post(
        "/api/v1/auth/register/",
        {**body, "email": "New.Buyer@Example.com", "is_staff": True},
        format="json",
    )
    assert taken.status_code == new.status_code == 202
    assert taken.json() == new.json() and "token" not in new.json()
    user = User.objects.get(email="new.buyer@example.com")
    assert not user.email_verified and not user.is_staff and user.currency == "USD"

    token = link_in(mails_to(user.email, "account_verify")[0]).rstrip("/").rsplit("/", 1)[1]
    bad = APIClient().post(
        "/api/v1/auth/verify/", {"token": token, "password": "nope-nope-nope"}, format="json"
    )
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_credentials"
    ok = APIClient().post(
        "/api/v1/auth/verify/", {"token": token, "password": "a-long-enough-pass-9"}, format="json"
    )
    assert ok.status_code == 200
    me = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert me.json()["email"] == "new.buyer@example.com"


def test_signing_up_again_for_an_unconfirmed_address_voids_the_first_link():
    _sign_up(Client(), "lea@example.fr", password="attackers-own-pw-77")
    first = link_in(mails_to("lea@example.fr", "account_verify")[0])
    _sign_up(Client(), "lea@example.fr", password=CHOSEN)
    second = link_in(mails_to("lea@example.fr", "account_verify")[1])
    assert Client().post(first, {"password": "attackers-own-pw-77"}).status_code == 400
    owner = Client()
    assert owner.post(second, {"password": CHOSEN}).status_code == 302
    assert User.objects.get(email="lea@example.fr").check_password(CHOSEN)


def test_an_account_from_someone_elses_guest_order_is_not_usable_by_the_attacker():
    """Finding 8: guest checkout with someone else's e-mail, then 'create an account'."""
    order = OrderFactory(email="victim@example.com")
    attacker = Client()
    session = attacker.session
    session["guest_orders"] = [order.number]
    session.save()
    response = attacker.post(
        f"/en/orders/{order.number}/account/", {"password": "attackers-own-pw-77"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in attacker.session
    user = User.objects.get(email="victim@example.com")
    assert user.email_verified is False
    assert _login(Client(), "victim@example.com", "attackers-own-pw-77").status_code == 400
    token = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "victim@example.com", "password": "attackers-own-pw-77"},
        format="json",
    )
    assert token.status_code == 403
    # Only the address's owner got a link, and it needs the password chosen at sign-up.
    assert {m.to_email for m in mails_to("victim@example.com")} == {"victim@example.com"}
    assert not mails_to("attacker@example.com")

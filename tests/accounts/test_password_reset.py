"""Password-reset e-mails are limited per address and per account (finding 13)."""

import pytest
from django.test import Client

from marketplace.accounts.models import User
from marketplace.core.models import OutboxEmail
from tests.factories import UserFactory

from .helpers import link_in, mails_to

pytestmark = pytest.mark.django_db


def _ask(client, email):
    return client.post("/en/account/password-reset/", {"email": email})


def test_eight_resets_in_a_row_send_three_emails_to_the_account():
    user = UserFactory(email="amina@example.com")
    answers = [_ask(Client(REMOTE_ADDR=f"203.0.113.{i}"), user.email) for i in range(8)]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/en/account/password-reset/sent/")
    }
    assert len(mails_to(user.email, "account_reset")) == 3


def test_one_address_asking_for_many_accounts_is_stopped():
    users = [UserFactory() for _ in range(12)]
    client = Client(REMOTE_ADDR="203.0.113.77")
    statuses = [_ask(client, user.email).status_code for user in users]
    assert statuses == [302] * 10 + [429, 429]
    assert OutboxEmail.objects.filter(kind="account_reset").count() == 10


def test_unknown_addresses_get_the_same_answer_and_no_email():
    response = _ask(Client(), "nobody@example.com")
    assert response.status_code == 302
    assert not OutboxEmail.objects.exists()


def test_a_reset_link_confirms_an_unconfirmed_account():
    Client().post(
        "/en/account/signup/",
        {"display_name": "L", "email": "lea@example.fr", "password": "forgotten-pw-9876"},
    )
    browser = Client()
    _ask(browser, "lea@example.fr")
    link = link_in(mails_to("lea@example.fr", "account_reset")[0])
    form_url = browser.get(link, follow=True).redirect_chain[-1][0]
    new = "fresh-mint-tea-2025"
    assert browser.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    user = User.objects.get(email="lea@example.fr")
    assert user.email_verified and user.check_password(new)
    assert (
        Client()
        .post("/en/account/login/", {"username": "lea@example.fr", "password": new})
        .status_code
        == 302
    )

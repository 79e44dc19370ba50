"""Sessions while the cache is unreachable: no 500, and no stale copy read back afterwards."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_a_logout_during_a_cache_partition_is_not_undone_when_the_cache_returns(settings):
    live = settings.CACHES
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    assert browser.get("/en/orders/").status_code == 200
    cookie = browser.cookies[django_settings.SESSION_COOKIE_NAME].value

    # The cache becomes unreachable (it keeps its data: a partition, not a restart).
    settings.CACHES = {"default": {**live["default"], "LOCATION": "redis://127.0.0.1:9/0"}}
    assert browser.get("/en/account/preferences/").status_code == 200  # read from the database
    assert browser.post("/en/account/logout/").status_code == 302  # deleted in the database

    settings.CACHES = live  # back, still holding the session as it was before the log-out
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get("/en/account/preferences/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]

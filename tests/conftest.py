"""Test set-up shared by the whole suite: eager Celery, clean cache, temp media, service gates."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from marketplace.celery import app as celery_app

POSTGRES = settings.IS_POSTGRES
REDIS = bool(settings.REDIS_URL)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    """Skip, with the reason, tests whose service is not configured on this machine."""
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://...")
    skip_browser = pytest.mark.skip(reason="needs Chromium: apt-get install chromium")
    for item in items:
        if "postgres" in item.keywords and not POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not REDIS:
            item.add_marker(skip_redis)
        if "e2e" in item.keywords and not CHROMIUM:
            item.add_marker(skip_browser)


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in-process unless a test starts a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _english_by_default():
    """Run each test in English (reverse() gives /en/ URLs) unless it picks a language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    from marketplace.caching.fragments import local as local_fragments
    from marketplace.caching.pages import local as local_pages

    cache.clear()
    local_pages.clear()  # the web process's own copy of pages and version
    local_fragments.clear()  # …and of fragments (the epoch would drop them too)
    yield


@pytest.fixture(autouse=True)
def _no_page_cache_without_commits(request, settings):
    """Cached pages, cards and facets go stale only on commit: off where nothing commits.

    A test inside one transaction never commits, so the catalogue version never moves and a
    page rendered before a change would be served after it. Those tests see every page built
    afresh; transactional tests (the cache tests, the browser journeys) keep the cache as
    configured (on with Redis).
    """
    marker = request.node.get_closest_marker("django_db")
    commits = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if not commits:
        settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _no_shared_stripe(settings):
    """Point Stripe at a closed port unless a test asks for localstripe (never the demo's 8420)."""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def text_messages(settings):
    """SMS and WhatsApp go to memory (marketplace/notify MemoryBackend); answers the list sent."""
    from marketplace.notify.backends import MemoryBackend

    settings.MESSAGING_BACKEND = "marketplace.notify.backends.MemoryBackend"
    MemoryBackend.sent.clear()
    yield MemoryBackend.sent
    MemoryBackend.sent.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path_factory.mktemp("private"))


@pytest.fixture
def run_env():
    """Environment for a child process (worker, server) that must share this test database."""
    from django.db import connection

    env = dict(os.environ)
    db = connection.settings_dict
    if POSTGRES:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


@pytest.fixture
def celery_process(run_env):
    """A real Celery worker process (solo pool, default queue) on this test database and Redis."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
         "-Q", "default", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=run_env,
    )  # fmt: skip
    yield proc
    proc.terminate()
    proc.wait(timeout=20)

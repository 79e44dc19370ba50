"""Finding 1: identity documents (and every private file) are never reachable by URL alone.

A document is stored on the private storage (outside MEDIA_ROOT, no URL); the shop's managers
and moderators read it through authorised views (moderators' reads audited); anonymous
visitors, buyers and other sellers get a 404 and nothing is recorded or changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from artisans.models import ShopDocument
from marketplace.moderation.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.moderation.helpers import make_moderator

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def document(owner, settings):
    """An identity document the owner uploaded through the seller page."""
    client = _client(owner)
    shop = owner.shop
    shop.status = shop.Status.DRAFT
    shop.save(update_fields=["status"])
    r = client.post(
        reverse("artisans:documents"),
        {"kind": "identity", "file": SimpleUploadedFile("cin.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 302, r.content[:500]
    return ShopDocument.objects.get(shop=shop)


def test_document_is_stored_outside_media_root_with_no_url(document, settings):
    path = Path(storages["private"].path(document.file.name))
    assert path.read_bytes() == PDF
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.resolve().parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.resolve().parents
    # Nothing under public media, and no URL can be made for it.
    assert not any(files for _root, _dirs, files in os.walk(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018


def test_media_url_guess_finds_nothing(document, settings):
    """Even with the development media server on, /media/<name> has no such file."""
    r = Client().get(settings.MEDIA_URL + document.file.name)
    assert r.status_code == 404
    # The media server does work: a public file of the same kind is served.
    storages["default"].save("shop-documents/public.pdf", ContentFile(PDF))
    r = Client().get(settings.MEDIA_URL + "shop-documents/public.pdf")
    assert r.status_code == 200


def _urls(document):
    return [
        reverse("artisans:document_file", args=[document.pk]),
        reverse("moderation:shop_document", args=[document.shop_id, document.pk]),
    ]


def test_owner_reads_own_document_privately(document, owner):
    r = _client(owner).get(reverse("artisans:document_file", args=[document.pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["Cache-Control"] == "private, no-store"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert not AuditEntry.objects.filter(action="private_file.read").exists()


def test_moderator_read_is_audited(document):
    moderator = make_moderator()
    r = _client(moderator).get(_urls(document)[1])
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action="private_file.read")
    assert entry.actor == moderator
    assert entry.object_type == "artisans.shopdocument"
    assert entry.object_id == str(document.pk)
    # The moderation page links to the authorised view, never to a file URL.
    page = _client(moderator).get(reverse("moderation:shop_detail", args=[document.shop_id]))
    assert _urls(document)[1] in page.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "buyer", "other_seller"])
def test_others_get_404_and_nothing_is_recorded(document, who, other_seller):
    user = {"anonymous": None, "buyer": UserFactory(), "other_seller": other_seller}[who]
    client = _client(user)
    for url in _urls(document):
        r = client.get(url)
        # Anonymous visitors may be sent to log in; nobody gets the file.
        assert r.status_code in (302, 404), (url, r.status_code)
        assert not r.streaming and PDF not in r.content
    # Another seller asking for this id under their own shop also finds nothing.
    assert not AuditEntry.objects.filter(action="private_file.read").exists()
    document.refresh_from_db()
    assert storages["private"].exists(document.file.name)


def test_missing_file_is_a_404_not_a_500(document, owner):
    storages["private"].delete(document.file.name)
    r = _client(owner).get(reverse("artisans:document_file", args=[document.pk]))
    assert r.status_code == 404


def test_migration_moves_existing_public_documents(document, settings):
    """Documents stored under public media before the fix are moved to the private storage."""
    from importlib import import_module

    from django.apps import apps

    public, private = storages["default"], storages["private"]
    private.delete(document.file.name)
    name = public.save("shop-documents/old.pdf", ContentFile(PDF))
    ShopDocument.objects.filter(pk=document.pk).update(file=name)

    migration = import_module("artisans.migrations.0003_shopdocument_private_storage")
    migration.move_to_private(apps, None)
    assert not public.exists(name)
    with private.open(name, "rb") as fh:
        assert fh.read() == PDF
    migration.move_to_private(apps, None)  # again: nothing to do, nothing lost
    assert private.exists(name)


def test_serve_media_is_off_in_production_by_default():
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if k not in ("SERVE_MEDIA", "DJANGO_DEBUG", "SOUK_DEMO")
    }
    env.update(DJANGO_DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="souk.example.com")
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='marketplace.settings';"
        "django.setup();from django.conf import settings;from django.urls import resolve,"
        "Resolver404\ntry:\n resolve('/media/x.jpg');print('served')\n"
        "except Resolver404:\n print('absent')\nprint(settings.SERVE_MEDIA)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["absent", "False"]

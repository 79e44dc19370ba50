"""Finding 1, second half: an unpublished product's photos are not public.

Photos uploaded to a product under review sit on the private storage and are served by the
checked view to the shop and moderators only; publishing moves the renditions to public
media; withdrawing the product moves them back, so the old public URL stops working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from marketplace.catalogue.models import Product, ProductImage
from marketplace.catalogue.services import product_archive
from marketplace.moderation.models import AuditEntry
from marketplace.moderation.services import product_approve
from tests.artisans import imagegen
from tests.factories.accounts import PASSWORD
from tests.moderation.helpers import make_moderator

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.email, password=PASSWORD)
    return client


def _files(root) -> set[str]:
    base = Path(root)
    return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def pending(owner, product, django_capture_on_commit_callbacks):
    """A product under review with one photo the seller uploaded (renditions made)."""
    Product.objects.filter(pk=product.pk).update(status=Product.Status.PENDING_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        r = _client(owner).post(
            reverse("artisans:photos", args=[product.pk]),
            {"photos": [SimpleUploadedFile("p.jpg", imagegen.jpeg_with_gps((300, 200)))]},
        )
    assert r.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert image.ready
    return image


def test_unpublished_photos_are_private(pending, settings, owner, other_seller, buyer):
    assert not pending.public
    assert _files(settings.MEDIA_ROOT) == set()  # nothing under public media
    stored = _files(settings.PRIVATE_MEDIA_ROOT)
    assert pending.original.name in stored
    assert set(pending.rendition_paths()) <= stored
    urls = [pending.url("card", "jpeg"), pending.url("thumb", "webp")]
    urls += [reverse("photo", args=[pending.pk, "original"])]
    assert all(u.startswith("/photos/") for u in urls)
    # Guessing /media/<name> finds nothing.
    for path in pending.rendition_paths():
        assert Client().get(settings.MEDIA_URL + path).status_code == 404
    for user in (None, buyer, other_seller):
        for url in urls:
            assert _client(user).get(url).status_code == 404, (user, url)
    # The shop and the moderators see them (a photo is not personal: no audit row).
    for user in (owner, make_moderator()):
        for url in urls:
            r = _client(user).get(url)
            assert r.status_code == 200 and _body(r)[:2] in (b"\xff\xd8", b"RI")
            assert r["Cache-Control"] == "private, no-store"
    assert not AuditEntry.objects.filter(action="private_file.read").exists()


def test_publishing_makes_renditions_public_and_withdrawing_hides_them(
    pending, settings, django_capture_on_commit_callbacks
):
    moderator = make_moderator()
    with django_capture_on_commit_callbacks(execute=True):
        product_approve(product_id=pending.product_id, actor=moderator)
    pending.refresh_from_db()
    assert pending.public
    public_url = pending.url("card", "jpeg")
    assert public_url.startswith(settings.MEDIA_URL)
    assert set(pending.rendition_paths()) <= _files(settings.MEDIA_ROOT)
    assert _files(settings.MEDIA_ROOT).isdisjoint({pending.original.name})  # original private
    r = Client().get(public_url)
    assert r.status_code == 200
    # The checked view now sends anyone on to the public file.
    r = Client().get(reverse("photo", args=[pending.pk, "card.jpeg"]))
    assert r.status_code == 302 and r["Location"] == public_url

    with django_capture_on_commit_callbacks(execute=True):
        product_archive(product_id=pending.product_id, actor=moderator)
    pending.refresh_from_db()
    assert not pending.public
    assert _files(settings.MEDIA_ROOT) == set()
    assert Client().get(public_url).status_code == 404
    assert Client().get(pending.url("card", "jpeg")).status_code == 404
    assert storages["private"].exists(pending.rendition_paths()[0])


def test_bad_photo_variants_are_404(pending, owner):
    client = _client(owner)
    for variant in ("card.gif", "huge.jpeg", "card", "..%2f..%2fetc", "original.jpeg"):
        assert client.get(f"/photos/{pending.pk}/{variant}").status_code == 404, variant
    assert client.get("/photos/999999/card.jpeg").status_code == 404

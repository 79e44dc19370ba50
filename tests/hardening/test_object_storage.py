"""Public media and private files on S3-compatible object storage (django-storages).

A local S3-compatible server (moto in server mode, its own process on a free port) stands in
for the buckets. A product photo goes to the public bucket and is fetched by its URL; an
identity document goes to the private bucket, has no URL, is written with a private ACL, and
leaves only through the authorised view. The renditions worker runs as another process
whose local media folders are empty: it reads and writes through the storages only.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from artisans.models import ShopDocument
from marketplace.catalogue.models import ProductImage
from marketplace.catalogue.services import product_archive
from marketplace.moderation.services import product_approve
from tests.artisans import imagegen
from tests.factories.accounts import PASSWORD
from tests.moderation.helpers import make_moderator

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PUBLIC, PRIVATE = "souk-media", "souk-private"
KEYS = {"access_key": "souk-test", "secret_key": "souk-test-secret"}  # moto accepts any


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """Start moto's S3-compatible server in its own process; stop it after the module."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)  # noqa: S310
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("the local S3 server did not start")
            time.sleep(0.2)
    yield endpoint
    proc.terminate()
    proc.wait(timeout=10)


def _client_s3(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name="us-east-1",
    )


def _storages(endpoint) -> dict:
    common = {**KEYS, "endpoint_url": endpoint, "region_name": "us-east-1"}
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": PUBLIC,
                "querystring_auth": False,
                "default_acl": "public-read",
                "file_overwrite": False,
            },
        },
        "private": {
            "BACKEND": "marketplace.core.storage_s3.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": PRIVATE, "file_overwrite": False},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def buckets(s3_endpoint, settings):
    """Empty public and private buckets, and the app's storages pointed at them."""
    s3 = _client_s3(s3_endpoint)
    for bucket in (PUBLIC, PRIVATE):
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(Bucket=bucket)
        for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=obj["Key"])
    settings.STORAGES = _storages(s3_endpoint)
    return s3


def _keys(s3, bucket) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def _anonymous_grants(s3, bucket, key) -> list:
    acl = s3.get_object_acl(Bucket=bucket, Key=key)
    return [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("/AllUsers")]


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _fetch(url) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.mark.django_db
def test_photo_public_by_url_document_only_through_the_view(
    buckets, owner, product, settings, django_capture_on_commit_callbacks
):
    s3 = buckets
    client = _login(owner)
    # A new photo sends the product back to review: renditions made on the private bucket.
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("artisans:photos", args=[product.pk]),
            {"photos": [SimpleUploadedFile("p.jpg", imagegen.jpeg_with_gps((300, 200)))]},
        )
    assert r.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert image.ready and not image.public
    assert _keys(s3, PUBLIC) == set()
    assert set(image.rendition_paths()) | {image.original.name} == _keys(s3, PRIVATE)
    assert Client().get(image.url("card", "jpeg")).status_code == 404
    # Published: the renditions move to the public bucket.
    with django_capture_on_commit_callbacks(execute=True):
        product_approve(product_id=product.pk, actor=make_moderator())
    image.refresh_from_db()
    assert image.public
    # The original on the private bucket, the renditions on the public one.
    assert _keys(s3, PUBLIC) == set(image.rendition_paths())
    assert image.original.name in _keys(s3, PRIVATE)
    url = image.url("card", "jpeg")
    assert url.startswith(buckets.meta.endpoint_url)
    status, body = _fetch(url)
    assert status == 200 and body[:2] == b"\xff\xd8"
    assert _anonymous_grants(s3, PUBLIC, image.rendition_paths()[0])

    # An identity document: the private bucket only, no URL, a private ACL.
    shop = owner.shop
    shop.status = shop.Status.DRAFT
    shop.save(update_fields=["status"])
    r = client.post(
        reverse("artisans:documents"),
        {"kind": "identity", "file": SimpleUploadedFile("cin.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 302
    doc = ShopDocument.objects.get(shop=shop)
    assert doc.file.name in _keys(s3, PRIVATE)
    assert doc.file.name not in _keys(s3, PUBLIC)
    assert _anonymous_grants(s3, PRIVATE, doc.file.name) == []
    # Straight to the bucket without credentials: refused by the S3 server itself.
    assert _fetch(f"{s3.meta.endpoint_url}/{PRIVATE}/{doc.file.name}")[0] == 403
    with pytest.raises(ValueError):
        doc.file.url  # noqa: B018
    view = reverse("artisans:document_file", args=[doc.pk])
    r = client.get(view)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Cache-Control"] == "private, no-store"
    r = Client().get(view)
    assert r.status_code in (302, 404) and not r.streaming
    # Withdrawing the product takes its renditions off the public bucket.
    with django_capture_on_commit_callbacks(execute=True):
        product_archive(product_id=product.pk, actor=owner)
    assert _keys(s3, PUBLIC) == set()
    assert _fetch(url)[0] == 404
    image.refresh_from_db()
    assert not image.public and set(image.rendition_paths()) <= _keys(s3, PRIVATE)


def _wait(image, done, seconds=120):
    deadline = time.monotonic() + seconds
    while not done(image) and time.monotonic() < deadline:
        time.sleep(0.5)
        image.refresh_from_db()
    assert done(image), "the worker did not do it in time"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_renditions_worker_elsewhere_uses_only_the_storages(
    buckets, s3_endpoint, owner, product, run_env, tmp_path
):
    """A worker with its own, empty media folders makes the renditions on the buckets."""
    from django.conf import settings

    if not settings.REDIS_URL:
        pytest.skip("needs Redis as the broker")
    from marketplace.celery import app as celery_app

    env = dict(
        run_env,
        MEDIA_ROOT=str(tmp_path / "elsewhere-media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "elsewhere-private"),
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        MEDIA_S3_BUCKET=PUBLIC,
        PRIVATE_S3_BUCKET=PRIVATE,
        MEDIA_S3_ACL="public-read",
        AWS_ACCESS_KEY_ID=KEYS["access_key"],
        AWS_SECRET_ACCESS_KEY=KEYS["secret_key"],
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
         "-Q", "heavy", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        env=env,
    )  # fmt: skip
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        r = _login(owner).post(
            reverse("artisans:photos", args=[product.pk]),
            {"photos": [SimpleUploadedFile("p.jpg", imagegen.jpeg_with_gps((300, 200)))]},
        )
        assert r.status_code == 302
        image = ProductImage.objects.get(product=product)
        _wait(image, lambda i: i.ready)
        assert not image.public
        assert set(image.rendition_paths()) <= _keys(buckets, PRIVATE)
        # Publishing queues the move to the public bucket, which that worker does too.
        product_approve(product_id=product.pk, actor=make_moderator())
        _wait(image, lambda i: i.public)
        assert _keys(buckets, PUBLIC) == set(image.rendition_paths())
        assert not (tmp_path / "elsewhere-media").exists() or not any(
            (tmp_path / "elsewhere-media").rglob("*.*")
        )
        assert _fetch(image.url("large", "webp"))[0] == 200
    finally:
        celery_app.conf.task_always_eager = previous
        worker.terminate()
        worker.wait(timeout=20)

"""Photo uploads are checked by content, cleaned of metadata, and refused fast when bad."""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from marketplace.catalogue.images import ImageRejected, image_clean
from marketplace.catalogue.models import Product, ProductImage

from . import imagegen

pytestmark = pytest.mark.django_db


def _stored_files() -> list[Path]:
    """Every stored file, public media and private storage alike."""
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [p for root in roots for p in root.rglob("*") if p.is_file()]


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks):
    """Run after-commit work (the renditions task) as a real commit would."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def _upload(client, product, name, data, content_type="image/jpeg"):
    url = reverse("artisans:photos", args=[product.pk])
    with _capture(execute=True):
        return client.post(
            url,
            {"photos": [SimpleUploadedFile(name, data, content_type=content_type)], "alt_text": ""},
        )


def test_jpeg_with_gps_is_rotated_and_stripped_in_every_stored_file(login, owner, product):
    client = login(owner)
    response = _upload(client, product, "IMG_0001.jpg", imagegen.jpeg_with_gps((400, 200)))
    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    # Orientation 6 applied: a 400×200 photo is stored 200×400.
    assert (image.width, image.height) == (200, 400)
    assert image.ready, "renditions made by the (eager) task"
    assert "IMG_0001" not in image.original.name
    files = _stored_files()
    assert len(files) == 1 + 2 * len(image.renditions)
    for path in files:
        with Image.open(path) as stored:
            exif = stored.getexif()
            assert 0x8825 not in exif, f"GPS left in {path.name}"
            assert not exif.get_ifd(0x8825)
            assert 0x010F not in exif, f"camera make left in {path.name}"
            assert "exif" not in stored.info
            assert stored.height >= stored.width  # portrait everywhere after rotation
    with Image.open(Path(settings.PRIVATE_MEDIA_ROOT) / image.original.name) as original:
        # The blue mark that ran along the top now runs down the right-hand side.
        assert original.getpixel((original.width - 5, 10))[2] > 150
        assert original.getpixel((5, 10))[2] < 100


@pytest.mark.parametrize(
    "name,data,ctype,fmt",
    [
        ("flat.png", imagegen.png(), "image/png", "PNG"),
        ("photo.webp", imagegen.webp(), "image/webp", "WEBP"),
    ],
)
def test_png_and_webp_are_accepted(login, owner, product, name, data, ctype, fmt):
    client = login(owner)
    assert _upload(client, product, name, data, ctype).status_code == 302
    image = ProductImage.objects.get(product=product)
    with Image.open(Path(settings.PRIVATE_MEDIA_ROOT) / image.original.name) as stored:
        assert stored.format == fmt
    assert image.ready


BAD_FILES = [
    ("bomb.png", imagegen.bomb_png, "image/png", "too many pixels"),
    ("huge.png", imagegen.huge_header_png, "image/png", "too many pixels"),
    ("evil.svg", lambda: imagegen.SVG_WITH_SCRIPT, "image/svg+xml", "not a JPEG, PNG or WebP"),
    ("page.jpg", lambda: imagegen.HTML_AS_JPG, "image/jpeg", "not a JPEG, PNG or WebP"),
    ("cut.jpg", imagegen.truncated_jpeg, "image/jpeg", "damaged or incomplete"),
    ("big.jpg", imagegen.twenty_mb_file, "image/jpeg", "larger than 15 MB"),
]


@pytest.mark.parametrize("name,make,ctype,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_fast_with_a_clear_message_and_nothing_stored(
    login, owner, product, name, make, ctype, message
):
    client = login(owner)
    data = make()
    status_before = product.status
    started = time.perf_counter()
    response = _upload(client, product, name, data, ctype)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{name} took {elapsed:.2f}s"
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductImage.objects.filter(product=product).exists()
    assert _stored_files() == []
    product.refresh_from_db()
    assert product.status == status_before


def test_one_bad_file_among_several_stores_none(login, owner, product):
    client = login(owner)
    url = reverse("artisans:photos", args=[product.pk])
    files = [
        SimpleUploadedFile("a.jpg", imagegen.jpeg_with_gps(), content_type="image/jpeg"),
        SimpleUploadedFile("b.jpg", imagegen.HTML_AS_JPG, content_type="image/jpeg"),
    ]
    response = client.post(url, {"photos": files})
    assert response.status_code == 400
    assert not ProductImage.objects.exists()
    assert _stored_files() == []


def test_several_photos_upload_reorder_and_alt_text(login, owner, product):
    client = login(owner)
    url = reverse("artisans:photos", args=[product.pk])
    files = [
        SimpleUploadedFile(f"{n}.jpg", imagegen.jpeg_with_gps(), content_type="image/jpeg")
        for n in range(3)
    ]
    with _capture(execute=True):
        assert client.post(url, {"photos": files, "alt_text": "طاجين"}).status_code == 302
    first, second, third = ProductImage.objects.filter(product=product).order_by("position")
    assert first.alt_text == "طاجين"
    client.post(reverse("artisans:photo_move", args=[product.pk, third.pk]), {"direction": "up"})
    order = list(
        ProductImage.objects.filter(product=product)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert order == [first.pk, third.pk, second.pk]
    client.post(
        reverse("artisans:photo_edit", args=[product.pk, second.pk]), {"alt_text": "Détail"}
    )
    second.refresh_from_db()
    assert second.alt_text == "Détail"


def test_new_photo_on_published_product_sends_it_back_to_review(login, owner, product):
    assert product.status == Product.Status.PUBLISHED
    client = login(owner)
    _upload(client, product, "x.jpg", imagegen.jpeg_with_gps())
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING_REVIEW


def test_photo_page_shows_placeholder_until_renditions_are_ready(login, owner, product, settings):
    from marketplace.celery import app

    client = login(owner)
    app.conf.task_always_eager = False
    try:
        from unittest import mock

        with mock.patch("marketplace.catalogue.tasks.image_render.delay") as delay:
            _upload(client, product, "x.jpg", imagegen.jpeg_with_gps())
        assert delay.called
    finally:
        app.conf.task_always_eager = True
    page = client.get(reverse("artisans:photos", args=[product.pk])).content.decode()
    assert "thumb-wait" in page and "data-pending" in page
    from marketplace.catalogue.tasks import image_render

    image = ProductImage.objects.get(product=product)
    assert image_render(image.pk) is True
    assert image_render(image.pk) is False  # redelivered: nothing to do
    page = client.get(reverse("artisans:photos", args=[product.pk])).content.decode()
    assert "thumb-wait" not in page


def test_image_clean_refuses_without_decoding_huge_headers():
    started = time.perf_counter()
    with pytest.raises(ImageRejected) as info:
        image_clean(io.BytesIO(imagegen.huge_header_png()))
    assert info.value.code == "image_too_many_pixels"
    assert time.perf_counter() - started < 0.2


def test_photos_dragged_into_a_new_order_are_saved_and_bad_orders_change_nothing(
    login, owner, product
):
    client = login(owner)
    files = [
        SimpleUploadedFile(f"{n}.png", imagegen.png(), content_type="image/png") for n in range(3)
    ]
    with _capture(execute=True):
        client.post(reverse("artisans:photos", args=[product.pk]), {"photos": files})
    a, b, c = ProductImage.objects.filter(product=product).order_by("position")
    url = reverse("artisans:photos_order", args=[product.pk])

    def order():
        return list(
            ProductImage.objects.filter(product=product)
            .order_by("position")
            .values_list("pk", flat=True)
        )

    saved = client.post(url, {"order": f"{c.pk},{a.pk},{b.pk}"}, HTTP_X_REQUESTED_WITH="fetch")
    assert saved.status_code == 204
    assert order() == [c.pk, a.pk, b.pk]
    other = ProductImage.objects.exclude(product=product).values_list("pk", flat=True).first()
    for bad in ("", "x,1", f"{a.pk},{a.pk}", f"{a.pk},{other or 999999}"):
        response = client.post(url, {"order": bad})
        assert response.status_code == 400, bad
        assert "photos this piece does not have" in response.content.decode()
        assert order() == [c.pk, a.pk, b.pk]
    # Without the script: a plain post goes back to the page.
    assert client.post(url, {"order": f"{a.pk},{b.pk},{c.pk}"}).status_code == 302
    assert order() == [a.pk, b.pk, c.pk]

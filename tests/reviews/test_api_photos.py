"""A buyer reviewing through the API may send a photo, checked and stripped as on the web."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.catalogue.images import ImageErrorCode
from marketplace.reviews.models import Review
from tests.api.conftest import client_for
from tests.artisans import imagegen
from tests.factories import UserFactory
from tests.moderation.helpers import make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered():
    buyer = UserFactory()
    return buyer, make_line(buyer=buyer)


def test_a_review_sent_with_a_photo_keeps_it_without_its_location(delivered):
    buyer, line = delivered
    photo = SimpleUploadedFile("IMG_0042.jpg", imagegen.jpeg_with_gps(), "image/jpeg")
    response = client_for(buyer).post(
        "/api/v1/reviews/",
        {"order_line": line.pk, "rating": 5, "text": "Superbe", "photo": photo},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    review = Review.objects.get(order_line=line)
    assert response.json()["photo"].startswith("http://testserver/media/")
    assert "IMG_0042" not in review.photo.name
    with Image.open(io.BytesIO(review.photo.read())) as stored:
        assert not stored.getexif().get_ifd(0x8825)  # no GPS
        assert stored.height > stored.width  # orientation applied


def test_json_without_a_photo_still_works(delivered):
    buyer, line = delivered
    response = client_for(buyer).post(
        "/api/v1/reviews/", {"order_line": line.pk, "rating": 4}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["photo"] is None


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(delivered):
    buyer, line = delivered
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
    response = client_for(buyer).post(
        "/api/v1/reviews/",
        {"order_line": line.pk, "rating": 5, "photo": fake},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == ImageErrorCode.NOT_AN_IMAGE
    assert "JPEG, PNG" in body["message"]  # says which photos are accepted, in the buyer's language
    assert not Review.objects.filter(order_line=line).exists()

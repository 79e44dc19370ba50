"""Joining: apply as artisan or cooperative, documents, RIB, submit, refused, resubmit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from artisans.models import Membership, Shop, ShopDocument
from artisans.rib import rib_is_valid, rib_key
from marketplace.core.models import OutboxEmail
from marketplace.moderation.services import shop_reject, shop_verify
from tests.factories import UserFactory

from . import imagegen

pytestmark = pytest.mark.django_db

GOOD_RIB = "011780000001234567890187"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_rib_mod97_key():
    assert rib_key("0117800000012345678901") == "87"
    assert rib_is_valid(GOOD_RIB)
    assert rib_is_valid("011 780 0000012345678901 87")
    assert not rib_is_valid(GOOD_RIB[:-1] + "8")  # wrong key
    assert not rib_is_valid(GOOD_RIB[:-1])  # 23 digits
    assert not rib_is_valid("A" + GOOD_RIB[1:])


@pytest.fixture
def applicant(login):
    user = UserFactory(email="fatima@example.com", language="ar")
    return user, login(user)


def _apply_artisan(client):
    return client.post(
        reverse("artisans:apply", args=["artisan"]),
        {
            "name": "Fatima Zahra",
            "craft": "pottery",
            "region": "marrakech-safi",
            "city": "Safi",
            "registry_number": "RNA-2024-5531",
        },
    )


def test_full_application_then_moderator_decisions(applicant, django_capture_on_commit_callbacks):
    user, client = applicant
    assert _apply_artisan(client).status_code == 302
    shop = Shop.objects.get(artisan__user=user)
    assert shop.status == Shop.Status.DRAFT
    # Submitting too early says what is missing and changes nothing.
    r = client.post(reverse("artisans:application_submit"), follow=True)
    assert "not complete" in r.content.decode()
    shop.refresh_from_db()
    assert shop.status == Shop.Status.DRAFT

    client.post(reverse("artisans:settings"), {"story": "Potière de Safi depuis 20 ans."})
    r = client.post(
        reverse("artisans:documents"),
        {"kind": "register", "file": SimpleUploadedFile("carte.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("artisans:payout"), {"holder": "Fatima Zahra", "rib": GOOD_RIB[:-1] + "0"}
    )
    assert r.status_code == 400 and "key" in r.content.decode()
    client.post(reverse("artisans:payout"), {"holder": "Fatima Zahra", "rib": GOOD_RIB})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("artisans:application_submit"))
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING
    assert OutboxEmail.objects.filter(kind="shop_submitted", to_email=user.email).exists()

    moderator = UserFactory(is_staff=True, is_superuser=True)
    shop_reject(shop_id=shop.pk, actor=moderator, reason="Le document est illisible.")
    page = client.get(reverse("artisans:application")).content.decode()
    assert "Le document est illisible." in page
    # Correct and resubmit.
    doc = ShopDocument.objects.get(shop=shop)
    client.post(reverse("artisans:document_delete", args=[doc.pk]))
    client.post(
        reverse("artisans:documents"),
        {"kind": "register", "file": SimpleUploadedFile("scan.png", imagegen.png(), "image/png")},
    )
    client.post(reverse("artisans:application_submit"))
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING
    shop_verify(shop_id=shop.pk, actor=moderator)
    assert client.get(reverse("artisans:home")).url == reverse("artisans:dashboard")


@pytest.mark.parametrize(
    "name,data",
    [
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
        ("evil.svg", imagegen.SVG_WITH_SCRIPT),
        ("photo.jpg", imagegen.truncated_jpeg()),
    ],
)
def test_documents_are_checked_by_content(applicant, name, data):
    _user, client = applicant
    _apply_artisan(client)
    r = client.post(
        reverse("artisans:documents"),
        {"kind": "other", "file": SimpleUploadedFile(name, data, "application/pdf")},
    )
    assert r.status_code == 400
    assert "not a PDF, JPEG or PNG" in r.content.decode()
    assert not ShopDocument.objects.exists()


def test_document_size_cap(applicant):
    _user, client = applicant
    _apply_artisan(client)
    big = PDF[:-7] + b" " * (6 * 1024 * 1024) + b"%%EOF\n"
    r = client.post(
        reverse("artisans:documents"),
        {"kind": "other", "file": SimpleUploadedFile("big.pdf", big, "application/pdf")},
    )
    assert r.status_code == 400 and "5 MB" in r.content.decode()


def test_documents_image_is_stripped_of_gps(applicant):
    from PIL import Image

    _user, client = applicant
    _apply_artisan(client)
    client.post(
        reverse("artisans:documents"),
        {"kind": "identity", "file": SimpleUploadedFile("id.jpg", imagegen.jpeg_with_gps())},
    )
    doc = ShopDocument.objects.get()
    with doc.file.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as img:
        assert 0x8825 not in img.getexif()
    assert "id.jpg" not in doc.file.name


def test_cooperative_application_makes_the_user_its_manager(applicant):
    _user, client = applicant
    client.post(
        reverse("artisans:apply", args=["cooperative"]),
        {
            "name": "Coopérative Tifawin",
            "registration_number": "COOP-7781",
            "craft": "carpets",
            "region": "beni-mellal-khenifra",
            "city": "Azilal",
            "founded_year": "2012",
            "women_led": "on",
        },
    )
    shop = Shop.objects.get(cooperative__name="Coopérative Tifawin")
    assert shop.cooperative.women_led
    assert Membership.objects.get(cooperative=shop.cooperative).role == "manager"
    assert client.get(reverse("artisans:members")).status_code == 200


def test_a_seller_cannot_apply_twice(login, owner):
    client = login(owner)
    r = _apply_artisan(client)
    assert r.status_code == 302
    assert Shop.objects.filter(artisan__user=owner).count() == 1


def test_identity_is_locked_while_pending(login, owner):
    owner.shop.status = Shop.Status.PENDING
    owner.shop.save()
    client = login(owner)
    client.post(
        reverse("artisans:identity"),
        {"name": "Changed", "craft": "leather", "region": "fes-meknes", "registry_number": "X"},
    )
    owner.shop.artisan.refresh_from_db()
    assert owner.shop.artisan.name != "Changed"

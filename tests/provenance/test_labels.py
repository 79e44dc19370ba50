"""Label claims: checked by moderators (audited), shown only while verified and unexpired."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.moderation.models import AuditEntry
from marketplace.provenance import services
from marketplace.provenance.errors import ProvenanceError
from marketplace.provenance.models import Certificate, LabelClaim

from .conftest import pdf_upload, shipped, sold, verified_claim

pytestmark = pytest.mark.django_db


def _claim(cast, **kwargs):
    return services.label_claim_submit(
        shop=cast.shop,
        actor=cast.manager,
        label_id=kwargs.pop("label", cast.label).pk,
        certificate_number="MH-2025-0042",
        document=pdf_upload(),
        **kwargs,
    )


def _shows_label(client, cast) -> dict:
    """Where a buyer could see the label: product page, filtered listing, API filter."""
    page = client.get(f"/en/p/{cast.product.slug}/").content.decode()
    listing = client.get("/en/products/", {"label": cast.label.slug}).content.decode()
    api = client.get("/api/v1/products/", {"label": cast.label.slug}).json()
    return {
        "page": "Morocco Handmade label" in page,
        "listing": cast.product.title_en in listing,
        "api": [p["slug"] for p in api["results"]] == [cast.product.slug],
    }


def test_a_pending_claim_is_not_shown_a_verified_one_is_with_its_date(cast, client):
    claim = _claim(cast)
    assert _shows_label(client, cast) == {"page": False, "listing": False, "api": False}
    services.label_claim_verify(claim_id=claim.pk, actor=cast.moderator)
    assert _shows_label(client, cast) == {"page": True, "listing": True, "api": True}
    page = client.get(f"/en/p/{cast.product.slug}/").content.decode()
    assert "Checked by Souk on" in page
    entry = AuditEntry.objects.get(action="label_claim_verify")
    assert entry.actor == cast.moderator and entry.object_id == str(claim.pk)


def test_a_refused_claim_is_never_shown_and_its_reason_is_audited(cast, client):
    claim = _claim(cast)
    with pytest.raises(ProvenanceError):  # a refusal needs a reason
        services.label_claim_refuse(claim_id=claim.pk, actor=cast.moderator, reason="  ")
    assert LabelClaim.objects.get(pk=claim.pk).status == "pending"
    services.label_claim_refuse(
        claim_id=claim.pk, actor=cast.moderator, reason="The number is not in the registry."
    )
    assert _shows_label(client, cast) == {"page": False, "listing": False, "api": False}
    entry = AuditEntry.objects.get(action="label_claim_refuse")
    assert entry.reason == "The number is not in the registry."
    with pytest.raises(ProvenanceError):  # decided once
        services.label_claim_verify(claim_id=claim.pk, actor=cast.moderator)
    client.force_login(cast.manager)
    assert "The number is not in the registry." in client.get("/en/sell/labels/").content.decode()


def test_an_expired_claim_is_never_shown_even_before_the_lapse_task(cast, client):
    claim = verified_claim(cast, expires_in_days=10)
    assert _shows_label(client, cast)["page"]
    LabelClaim.objects.filter(pk=claim.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert _shows_label(client, cast) == {"page": False, "listing": False, "api": False}
    # A certificate made now carries no expired label.
    certificate = Certificate.objects.get(line__shop_order=shipped(cast, sold(cast)))
    assert certificate.payload["labels"] == []
    # The daily task records the lapse (audited).
    assert services.label_claims_lapse() == 1
    assert LabelClaim.objects.get(pk=claim.pk).status == "lapsed"
    assert AuditEntry.objects.filter(action="label_claim_lapse").count() == 1


def test_a_moderator_decides_from_the_queue_page(cast, client):
    claim = _claim(cast)
    client.force_login(cast.moderator)
    queue = client.get("/en/moderation/labels/")
    assert queue.status_code == 200 and "MH-2025-0042" in queue.content.decode()
    empty = client.post(f"/en/moderation/labels/{claim.pk}/refuse/", {"reason": ""})
    assert empty.status_code == 400
    assert LabelClaim.objects.get(pk=claim.pk).status == "pending"
    client.post(f"/en/moderation/labels/{claim.pk}/verify/")
    assert LabelClaim.objects.get(pk=claim.pk).status == "verified"
    # Not for sellers.
    client.force_login(cast.manager)
    assert client.get("/en/moderation/labels/").status_code == 404
    assert client.post(f"/en/moderation/labels/{claim.pk}/verify/").status_code == 404


def test_a_claim_for_another_shops_piece_is_refused(cast):
    other_piece = cast.other_shop.products.create(
        category=cast.product.category, slug="not-mine", title_en="Not mine", region="oriental"
    )
    with pytest.raises(ProvenanceError) as refused:
        _claim(cast, product_id=other_piece.pk)
    assert refused.value.status == 404
    assert not LabelClaim.objects.exists()


def test_a_document_that_is_not_a_pdf_or_an_image_is_refused(cast, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.manager)
    response = client.post(
        "/en/sell/labels/",
        {
            "label": cast.label.pk,
            "certificate_number": "MH-1",
            "document": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 400
    assert not LabelClaim.objects.exists()


def test_claim_documents_are_private_to_the_shop_and_moderators(cast, client, settings):
    claim = _claim(cast)
    assert claim.document.name and not claim.document.name.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        claim.document.url  # noqa: B018  (private storage: no URL at all)
    url = f"/en/sell/labels/{claim.pk}/document/"
    assert client.get(url).status_code == 302  # log in first
    client.force_login(cast.other_seller)
    assert client.get(url).status_code == 404
    client.force_login(cast.buyer)
    assert client.get(url).status_code == 404
    for reader in (cast.manager, cast.maker_user, cast.moderator):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "no-store" in response["Cache-Control"]


def test_the_listing_offers_the_labels_that_have_verified_claims(cast, client):
    page = client.get("/en/products/").content.decode()
    assert "Verified label" not in page
    verified_claim(cast)
    page = client.get("/en/products/").content.decode()
    assert "Verified label" in page and 'value="morocco-handmade"' in page
    assert 'value="tapis-rbati"' not in page  # nobody holds it
    # A product-level claim covers that piece only.
    verified_claim(cast, label=cast.other_label, product=cast.product)
    api = client.get("/api/v1/products/", {"label": "tapis-rbati"}).json()
    assert [p["slug"] for p in api["results"]] == [cast.product.slug]
    # Unknown labels match nothing, never an error.
    assert client.get("/api/v1/products/", {"label": "no-such"}).json()["count"] == 0
    assert client.get("/en/products/", {"label": "bad slug!"}).status_code == 200

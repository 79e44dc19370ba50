"""The maker confirms her pay: confirmed shows on the certificate (signed); disputed does not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.provenance import services, signing
from marketplace.provenance.errors import ProvenanceError
from marketplace.provenance.models import Certificate, MemberPayment, MemberShare, SigningKey

from .conftest import delivered, shipped, sold, verified_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(cast):
    """A delivered 1,000 MAD piece split 70/30: the maker is owed 630.00."""
    verified_claim(cast)
    services.split_rule_set(
        shop=cast.shop, actor=cast.manager, fund_percent="30", makers=[(cast.maker.pk, "70")]
    )
    shop_order = delivered(cast, shipped(cast, sold(cast)))
    share = MemberShare.objects.get(line__shop_order=shop_order, kind="maker")
    assert share.amount_mad == Decimal("630.00")
    return share


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """Record a payment through the API as the manager; what is queued on commit runs."""

    def run(cast, share, client):
        with django_capture_on_commit_callbacks(execute=True):
            return _record(cast, share, client)

    return run


def _record(cast, share, client):
    client.force_login(cast.manager)
    response = client.post(
        "/api/v1/seller/member-payments/",
        {
            "artisan": cast.maker.pk,
            "shares": [share.pk],
            "paid_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "method": "wallet",
            "phone": "0612345678",
            "language": "en",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return MemberPayment.objects.get(pk=response.json()["id"])


def _certificate_page(client, share):
    certificate = Certificate.objects.get(line=share.line)
    client.logout()
    return certificate, client.get(f"/en/v/{certificate.code}/").content.decode()


def test_the_member_gets_a_text_with_a_short_link(cast, owed, client, text_messages, record):
    payment = record(cast, owed, client)
    assert payment.amount_mad == Decimal("630.00") and payment.phone == "+212612345678"
    assert len(text_messages) == 1
    sent = text_messages[0]
    assert sent.to_phone == "+212612345678"
    assert "630.00 MAD" in sent.body and f"/en/m/{payment.token}/" in sent.body
    assert len(payment.token) == 16  # 96 random bits, short enough for one SMS


def test_a_confirmed_payment_shows_on_the_certificate_signed(
    cast, owed, client, text_messages, record
):
    certificate, before = _certificate_page(client, owed)
    assert "has not confirmed her pay" in before
    payment = record(cast, owed, client)
    client.logout()
    page = client.get(f"/en/m/{payment.token}/")
    assert page.status_code == 200 and "630.00 MAD" in page.content.decode()
    client.post(f"/en/m/{payment.token}/", {"answer": "confirm"})
    assert MemberPayment.objects.get(pk=payment.pk).status == "confirmed"
    certificate, after = _certificate_page(client, owed)
    assert "received <strong><bdi>630.00 MAD</bdi></strong> of the <bdi>1000.00 MAD</bdi>" in after
    pay = certificate.payload["maker_pay"]
    assert pay == [
        {
            "maker": "Itto Ouhammou",
            "received_mad": "630.00",
            "of_price_mad": "1000.00",
            "percent": "70.00",
            "paid_on": payment.paid_on.isoformat(),
            "method": "wallet",
            "confirmed_on": timezone.localdate().isoformat(),
        }
    ]
    assert certificate.revision == 2
    key = SigningKey.objects.get(kid=certificate.kid)
    assert signing.verify(key.public_key, certificate.payload, certificate.signature)
    # Answered once.
    with pytest.raises(ProvenanceError):
        services.member_payment_answer(token=payment.token, confirm=False)


def test_a_disputed_payment_is_not_shown_and_reaches_the_moderators(
    cast, owed, client, text_messages, record
):
    payment = record(cast, owed, client)
    client.logout()
    client.post(f"/en/m/{payment.token}/", {"answer": "dispute", "note": "I got 300 only"})
    assert MemberPayment.objects.get(pk=payment.pk).status == "disputed"
    certificate, page = _certificate_page(client, owed)
    assert certificate.payload["maker_pay"] == [] and "received <strong>" not in page
    client.force_login(cast.moderator)
    queue = client.get("/en/moderation/labels/").content.decode()
    assert "I got 300 only" in queue and "Itto Ouhammou" in queue
    figures = client.get("/en/moderation/labels/").context["figures"]
    assert figures[0]["disputed"] == 1 and figures[0]["confirmation_rate"] == 0
    assert figures[0]["days_to_pay"] is not None
    analytics = client.get("/en/moderation/analytics/")
    assert analytics.context["member_pay"][0]["disputed"] == 1
    assert 'data-testid="pay-figures"' in analytics.content.decode()
    # A moderator closes it with a note (audited); it leaves the queue.
    client.post(f"/en/moderation/maker-payments/{payment.pk}/resolve/", {"note": "Called: paid"})
    assert "I got 300 only" not in client.get("/en/moderation/labels/").content.decode()


def test_a_share_is_paid_once_and_only_for_that_member(cast, owed, client, text_messages, record):
    record(cast, owed, client)
    with pytest.raises(ProvenanceError):  # already paid
        services.member_payment_record(
            shop=cast.shop, actor=cast.manager, artisan_id=cast.maker.pk, share_ids=[owed.pk],
            paid_on=timezone.localdate(), method="cash", phone="0612345678",
        )  # fmt: skip
    fund = MemberShare.objects.get(line=owed.line, kind="fund")
    with pytest.raises(ProvenanceError):  # the fund's share, or another member's
        services.member_payment_record(
            shop=cast.shop, actor=cast.manager, artisan_id=cast.second_maker.pk,
            share_ids=[fund.pk], paid_on=timezone.localdate(), method="cash", phone="0612345678",
        )  # fmt: skip
    assert MemberPayment.objects.count() == 1 and len(text_messages) == 1


def test_another_shop_cannot_record_or_list_payments(cast, owed, client):
    client.force_login(cast.other_seller)
    assert client.get("/api/v1/seller/member-payments/").status_code == 404
    response = client.post(
        "/api/v1/seller/member-payments/",
        {"artisan": cast.maker.pk, "shares": [owed.pk], "paid_on": "2026-01-01",
         "method": "cash", "phone": "0612345678"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    assert not MemberPayment.objects.exists()


def test_a_bad_phone_or_answer_is_a_4xx_and_changes_nothing(
    cast, owed, client, text_messages, record
):
    client.force_login(cast.manager)
    response = client.post(
        "/api/v1/seller/member-payments/",
        {"artisan": cast.maker.pk, "shares": [owed.pk], "paid_on": "2026-01-01",
         "method": "cash", "phone": "12"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert not MemberPayment.objects.exists() and not text_messages
    payment = record(cast, owed, client)
    assert client.post(f"/en/m/{payment.token}/", {"answer": "maybe"}).status_code == 400
    assert client.get("/en/m/not-a-token/").status_code == 404
    assert MemberPayment.objects.get(pk=payment.pk).status == "pending"

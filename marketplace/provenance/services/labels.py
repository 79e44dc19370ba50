"""Label claims: a shop asks, a moderator verifies or refuses (audited), expiry lapses them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from artisans.errors import SellerError
from artisans.services import document_clean
from marketplace.catalogue.models import Product

from ..errors import ProvenanceError, ProvenanceErrorCode
from ..models import Label, LabelClaim
from .common import audit

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def label_claim_submit(
    *,
    shop,
    actor,
    label_id,
    certificate_number: str,
    document,
    expires_on: date | None = None,
    product_id=None,
) -> LabelClaim:
    """Claim a label for a shop (or one of its pieces) with the certificate's number and scan."""
    label = Label.objects.filter(pk=label_id).first() if str(label_id).isdigit() else None
    if label is None:
        raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
    if not label.active:
        raise ProvenanceError(ProvenanceErrorCode.LABEL_CLOSED)
    product = None
    if product_id not in (None, ""):
        product = (
            Product.objects.filter(pk=product_id, shop_id=shop.pk).first()
            if str(product_id).isdigit()
            else None
        )
        if product is None:  # another shop's piece is answered like a missing one
            raise ProvenanceError(ProvenanceErrorCode.NOT_YOUR_PRODUCT)
    number = (certificate_number or "").strip()
    if not number or len(number) > 80:
        raise ProvenanceError(ProvenanceErrorCode.NUMBER_REQUIRED)
    if expires_on is not None and expires_on < timezone.localdate():
        raise ProvenanceError(ProvenanceErrorCode.ALREADY_EXPIRED)
    if document is None or getattr(document, "size", 0) > DOCUMENT_MAX_BYTES:
        raise ProvenanceError(ProvenanceErrorCode.BAD_DOCUMENT)
    try:
        mime, content = document_clean(document)
    except SellerError:
        raise ProvenanceError(ProvenanceErrorCode.BAD_DOCUMENT) from None
    claim = LabelClaim(
        label=label,
        shop=shop,
        product=product,
        certificate_number=number,
        expires_on=expires_on,
        document_type=mime,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    claim.document.save(content.name, content, save=False)
    with transaction.atomic():
        claim.save()
    return claim


def _lock_pending(claim_id) -> LabelClaim:
    claim = (
        LabelClaim.objects.select_for_update().filter(pk=claim_id).first()
        if str(claim_id).isdigit()
        else None
    )
    if claim is None:
        raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
    if claim.status != LabelClaim.Status.PENDING:
        raise ProvenanceError(ProvenanceErrorCode.CLAIM_NOT_PENDING)
    return claim


def label_claim_verify(*, claim_id, actor, note: str = "") -> LabelClaim:
    """A moderator checked the certificate: the label shows from now until its expiry."""
    with transaction.atomic():
        claim = _lock_pending(claim_id)
        if claim.expires_on is not None and claim.expires_on < timezone.localdate():
            raise ProvenanceError(ProvenanceErrorCode.ALREADY_EXPIRED)
        now = timezone.now()
        claim.status = LabelClaim.Status.VERIFIED
        claim.verified_at = claim.decided_at = now
        claim.decided_by = actor
        claim.reason = (note or "").strip()
        claim.save()
        audit(
            actor=actor,
            action="label_claim_verify",
            obj=claim,
            changes={"status": ["pending", "verified"]},
            reason=claim.reason,
        )
    return claim


def label_claim_refuse(*, claim_id, actor, reason: str) -> LabelClaim:
    """A moderator refuses a claim, saying why (the shop sees the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ProvenanceError(ProvenanceErrorCode.REASON_REQUIRED)
    with transaction.atomic():
        claim = _lock_pending(claim_id)
        claim.status = LabelClaim.Status.REFUSED
        claim.decided_at = timezone.now()
        claim.decided_by = actor
        claim.reason = reason[:2000]
        claim.save()
        audit(
            actor=actor,
            action="label_claim_refuse",
            obj=claim,
            changes={"status": ["pending", "refused"]},
            reason=claim.reason,
        )
    return claim


def label_claim_withdraw(*, claim_id, shop, actor) -> LabelClaim:
    """The shop withdraws its own claim (pending or verified)."""
    with transaction.atomic():
        claim = LabelClaim.objects.select_for_update().filter(pk=claim_id, shop=shop).first()
        if claim is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
        if claim.status not in (LabelClaim.Status.PENDING, LabelClaim.Status.VERIFIED):
            raise ProvenanceError(ProvenanceErrorCode.CLAIM_NOT_PENDING)
        claim.status = LabelClaim.Status.WITHDRAWN
        claim.decided_at = timezone.now()
        claim.save()
    return claim


def label_claims_lapse(*, today: date | None = None) -> int:
    """Mark verified claims past their expiry date lapsed (daily); answer how many.

    Pages never show an expired claim even before this runs (LabelClaim.objects.shown()
    compares dates); this records the change and stamps the cached pages that showed it.
    """
    today = today or timezone.localdate()
    lapsed = 0
    due = LabelClaim.objects.filter(status=LabelClaim.Status.VERIFIED, expires_on__lt=today)
    for claim_id in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            claim = LabelClaim.objects.select_for_update().get(pk=claim_id)
            if claim.status != LabelClaim.Status.VERIFIED:
                continue
            claim.status = LabelClaim.Status.LAPSED
            claim.save()
            audit(
                actor=None,
                action="label_claim_lapse",
                obj=claim,
                changes={"status": ["verified", "lapsed"]},
                reason=f"expired on {claim.expires_on}",
            )
            lapsed += 1
    return lapsed

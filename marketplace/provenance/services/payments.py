"""A cooperative's payments to its members, confirmed or disputed by the member herself.

The manager records a payment (amount, date, method) for shares owed to a member; the member
gets a text message with a short link where she confirms or disputes it, without an account.
A confirmation re-signs the certificates of the pieces it paid ("the maker received X MAD");
a dispute reaches the moderators' queue.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from artisans.models import Membership
from marketplace.notify.models import Channel
from marketplace.notify.phones import phone_normalize
from marketplace.notify.services import message_queue

from ..errors import ProvenanceError, ProvenanceErrorCode
from ..models import MemberPayment, MemberShare
from .certificates import certificates_resign
from .common import audit


def member_payment_url(payment: MemberPayment) -> str:
    """Return the member's short link to confirm or dispute a payment."""
    with translation.override(payment.language):
        return settings.SITE_URL + reverse("provenance:member_payment", args=[payment.token])


def member_payment_record(
    *,
    shop,
    actor,
    artisan_id,
    share_ids: list,
    paid_on: date,
    method: str,
    phone: str,
    language: str = "ar",
) -> MemberPayment:
    """Record a payment to a member for the shares it settles, and text her the link."""
    if not shop.cooperative_id:
        raise ProvenanceError(ProvenanceErrorCode.NOT_A_COOPERATIVE)
    if (
        not str(artisan_id).isdigit()
        or not Membership.objects.filter(
            cooperative_id=shop.cooperative_id, artisan_id=int(artisan_id)
        ).exists()
    ):
        raise ProvenanceError(ProvenanceErrorCode.NOT_A_MEMBER)
    if method not in MemberPayment.Method.values:
        raise ProvenanceError(ProvenanceErrorCode.BAD_SHARES, fields={"method": ["invalid"]})
    if paid_on is None or paid_on > timezone.localdate():
        raise ProvenanceError(ProvenanceErrorCode.BAD_AMOUNT, fields={"paid_on": ["invalid"]})
    number = phone_normalize(phone)
    ids = sorted({int(i) for i in share_ids if str(i).isdigit()})
    if not ids or len(ids) != len(set(map(str, share_ids))):
        raise ProvenanceError(ProvenanceErrorCode.BAD_SHARES)
    language = language if language in dict(settings.LANGUAGES) else "ar"
    with transaction.atomic():
        shares = list(
            MemberShare.objects.select_for_update()
            .filter(
                pk__in=ids,
                shop=shop,
                artisan_id=int(artisan_id),
                kind=MemberShare.Kind.MAKER,
                payment__isnull=True,
            )
            .order_by("pk")
        )
        if len(shares) != len(ids):  # another's, the fund's, or paid already
            raise ProvenanceError(ProvenanceErrorCode.BAD_SHARES)
        amount = sum((share.amount_mad for share in shares), Decimal("0"))
        if amount <= 0:
            raise ProvenanceError(ProvenanceErrorCode.BAD_AMOUNT)
        payment = MemberPayment.objects.create(
            shop=shop,
            artisan_id=int(artisan_id),
            amount_mad=amount,
            paid_on=paid_on,
            method=method,
            phone=number,
            token=secrets.token_urlsafe(12),
            language=language,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        MemberShare.objects.filter(pk__in=ids).update(payment=payment)
        audit(
            actor=actor,
            action="member_payment_record",
            obj=payment,
            changes={"amount_mad": ["", str(amount)], "shares": ["", ",".join(map(str, ids))]},
        )
        with translation.override(language):
            body = _(
                "Souk: %(coop)s recorded paying you %(amount)s MAD on %(day)s (%(method)s). "
                "Please confirm or tell us if it is wrong: %(url)s"
            ) % {
                "coop": shop.name,
                "amount": amount,
                "day": paid_on.isoformat(),
                "method": MemberPayment.Method(method).label,
                "url": member_payment_url(payment),
            }
        message_queue(
            key=f"member-payment:{payment.pk}",
            purpose="member_payment",
            to=number,
            body=body,
            channel=Channel.SMS,
            language=language,
        )
    return payment


def member_payment_answer(*, token: str, confirm: bool, note: str = "") -> MemberPayment:
    """The member confirms the payment (her certificates show it) or disputes it (moderators)."""
    note = (note or "").strip()[:2000]
    with transaction.atomic():
        payment = MemberPayment.objects.select_for_update().filter(token=token).first()
        if payment is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
        if payment.status != MemberPayment.Status.PENDING:
            raise ProvenanceError(ProvenanceErrorCode.ALREADY_ANSWERED)
        payment.status = (
            MemberPayment.Status.CONFIRMED if confirm else MemberPayment.Status.DISPUTED
        )
        payment.answered_at = timezone.now()
        payment.dispute_note = "" if confirm else note
        payment.save(update_fields=["status", "answered_at", "dispute_note"])
        if confirm:
            lines = payment.shares.values_list("line_id", flat=True).distinct()
            certificates_resign(line_ids=list(lines))
    return payment


def member_payment_resolve(*, payment_id, actor, note: str) -> MemberPayment:
    """A moderator closes a disputed payment after following it up (audited, with a note)."""
    note = (note or "").strip()
    if not note:
        raise ProvenanceError(ProvenanceErrorCode.REASON_REQUIRED)
    with transaction.atomic():
        payment = (
            MemberPayment.objects.select_for_update().filter(pk=payment_id).first()
            if str(payment_id).isdigit()
            else None
        )
        if payment is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
        if payment.status != MemberPayment.Status.DISPUTED or payment.resolved_at:
            raise ProvenanceError(ProvenanceErrorCode.ALREADY_ANSWERED)
        payment.resolved_at = timezone.now()
        payment.resolved_by = actor
        payment.resolution_note = note[:2000]
        payment.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
        audit(
            actor=actor,
            action="member_payment_resolve",
            obj=payment,
            changes={"resolved": ["", "yes"]},
            reason=payment.resolution_note,
        )
    return payment

"""The confirmation code of a cash-on-delivery order: sent, resent, checked.

Why a code: a piece made by hand leaves the workshop only for a buyer who answers on the
phone number the courier will call. The code is stored as an HMAC (never in clear), expires
(COD_CODE_TTL), works once, allows COD_CODE_MAX_ATTEMPTS wrong tries before it is burnt, and
at most COD_CODE_MAX_SENDS codes go out per order, COD_CODE_RESEND_AFTER apart, and
COD_CODE_SENDS_PER_PHONE_HOUR per phone number across orders: at most
MAX_SENDS × MAX_ATTEMPTS guesses per order out of 10^DIGITS codes.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from marketplace.notify.models import Channel, OutboundMessage
from marketplace.notify.services import message_queue
from marketplace.orders.links import order_link
from marketplace.orders.models import Order, OrderEvent
from marketplace.orders.services import order_mark_confirmed
from marketplace.orders.status import OrderStatus

from ..errors import CodError, CodErrorCode
from ..models import CodConfirmation
from ..phones import cod_phone

CODE_PURPOSE = "cod_code"


def _hash(order_id: int, code: str) -> str:
    return salted_hmac("payments.cod.code", f"{order_id}:{code}").hexdigest()


def _new_code() -> str:
    digits = settings.COD_CODE_DIGITS
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def _send(confirmation: CodConfirmation, order: Order, *, channel: str, now) -> None:
    """Make a new code for the (locked) confirmation row and queue it to the buyer's phone."""
    code = _new_code()
    confirmation.code_hash = _hash(order.pk, code)
    confirmation.expires_at = now + settings.COD_CODE_TTL
    confirmation.attempts = 0
    confirmation.sends += 1
    confirmation.last_sent_at = now
    confirmation.channel = channel
    confirmation.save()
    minutes = int(settings.COD_CODE_TTL.total_seconds() // 60)
    with translation.override(order.language):
        body = _(
            "Souk: your code for order %(number)s is %(code)s. It works for %(minutes)s "
            "minutes. Never share it."
        ) % {"number": order.number, "code": code, "minutes": minutes}
    message_queue(
        key=f"cod:{order.number}:code:{confirmation.sends}",
        purpose=CODE_PURPOSE,
        to=confirmation.phone,
        body=body,
        channel=channel,
        language=order.language,
    )
    OrderEvent.objects.create(order=order, kind="cod_code_sent", note=channel)


def cod_confirmation_start(*, order: Order) -> CodConfirmation:
    """Send the first code for a COD order just placed (inside the checkout's transaction)."""
    phone = cod_phone(order.ship_phone)
    if phone is None:  # the method's offer checked it; a changed rule must not send nowhere
        raise CodError(CodErrorCode.NOT_COD)
    confirmation = CodConfirmation.objects.create(order=order, phone=phone)
    _send(confirmation, order, channel=Channel.SMS, now=timezone.now())
    return confirmation


def _locked(order_id: int) -> tuple[Order, CodConfirmation]:
    """Lock the order, then its confirmation (the order first, as every order write does)."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None or order.payment_method != "cod":
        raise CodError(CodErrorCode.NOT_COD)
    confirmation = CodConfirmation.objects.select_for_update().filter(order=order).first()
    if confirmation is None:
        raise CodError(CodErrorCode.NOT_COD)
    if confirmation.confirmed_at is not None:
        raise CodError(CodErrorCode.ALREADY_CONFIRMED)
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise CodError(CodErrorCode.ORDER_RELEASED)
    return order, confirmation


def cod_code_resend(*, order_id: int, channel: str = Channel.SMS) -> CodConfirmation:
    """Send a new code (SMS or WhatsApp) unless the order's or the phone's limits say wait."""
    channel = channel if channel in Channel.values else Channel.SMS
    now = timezone.now()
    with transaction.atomic():
        order, confirmation = _locked(order_id)
        if confirmation.sends >= settings.COD_CODE_MAX_SENDS:
            raise CodError(CodErrorCode.TOO_MANY_CODES)
        gap = settings.COD_CODE_RESEND_AFTER
        if confirmation.last_sent_at and now < confirmation.last_sent_at + gap:
            wait = int((confirmation.last_sent_at + gap - now).total_seconds()) + 1
            raise CodError(CodErrorCode.RESEND_TOO_SOON, seconds=wait)
        sent_to_phone = OutboundMessage.objects.filter(
            purpose=CODE_PURPOSE,
            to_phone=confirmation.phone,
            created_at__gte=now - timedelta(hours=1),
        ).count()
        if sent_to_phone >= settings.COD_CODE_SENDS_PER_PHONE_HOUR:
            raise CodError(CodErrorCode.PHONE_RATE_LIMITED)
        _send(confirmation, order, channel=channel, now=now)
    return confirmation


def cod_code_verify(*, order_id: int, code: str, actor=None) -> Order:
    """Check the buyer's code; a right one confirms the order (once), a wrong one is counted.

    Every try counts, malformed ones too, so the cap holds whatever is typed; the count is
    committed even when the answer is a refusal.
    """
    code = str(code or "").strip().replace(" ", "")
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        order, confirmation = _locked(order_id)
        if not confirmation.code_hash:
            raise CodError(CodErrorCode.CODE_USED_UP)
        if confirmation.expires_at is None or now >= confirmation.expires_at:
            raise CodError(CodErrorCode.CODE_EXPIRED)
        right = (
            len(code) == settings.COD_CODE_DIGITS
            and code.isascii()
            and code.isdigit()
            and constant_time_compare(_hash(order.pk, code), confirmation.code_hash)
        )
        if not right:
            confirmation.attempts += 1
            left = settings.COD_CODE_MAX_ATTEMPTS - confirmation.attempts
            if left <= 0:
                confirmation.code_hash = ""  # burnt: only a new code can confirm now
                refusal = CodError(CodErrorCode.CODE_USED_UP)
            elif not (len(code) == settings.COD_CODE_DIGITS and code.isascii() and code.isdigit()):
                refusal = CodError(CodErrorCode.INVALID_CODE, digits=settings.COD_CODE_DIGITS)
            else:
                refusal = CodError(CodErrorCode.WRONG_CODE, left=left)
            confirmation.save(update_fields=["attempts", "code_hash", "updated_at"])
        else:
            confirmation.code_hash = ""  # single use
            confirmation.confirmed_at = now
            confirmation.save(update_fields=["code_hash", "confirmed_at", "updated_at"])
            order_mark_confirmed(order_id=order.pk, actor=actor)
            with translation.override(order.language):
                body = _(
                    "Souk: order %(number)s is confirmed. Pay %(total)s MAD in cash to the "
                    "courier. Follow it: %(link)s"
                ) % {
                    "number": order.number,
                    "total": order.total_mad,
                    "link": order_link(order.number, order.language),
                }
            message_queue(
                key=f"cod:{order.number}:confirmed",
                purpose="cod_confirmed",
                to=confirmation.phone,
                body=body,
                channel=confirmation.channel,
                language=order.language,
            )
    if refusal is not None:
        raise refusal
    order.refresh_from_db()
    return order

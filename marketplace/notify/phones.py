"""Phone numbers as the platform stores them: E.164, parsed with libphonenumber's metadata."""

from __future__ import annotations

import phonenumbers

from .errors import NotifyError, NotifyErrorCode


def phone_normalize(raw: str, *, region: str = "MA") -> str:
    """Answer `raw` in E.164 (+212612345678), reading national numbers in `region`.

    Refuses (NotifyError, a 400) what libphonenumber does not hold for a valid number, so a
    typo is caught when the buyer types it, not when the courier calls.
    """
    text = (raw or "").strip()
    if not text or len(text) > 32 or "\x00" in text:
        raise NotifyError(NotifyErrorCode.INVALID_PHONE)
    try:
        number = phonenumbers.parse(text, (region or "MA").upper())
    except phonenumbers.NumberParseException as exc:
        raise NotifyError(NotifyErrorCode.INVALID_PHONE) from exc
    if not phonenumbers.is_valid_number(number):
        raise NotifyError(NotifyErrorCode.INVALID_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_region(e164: str) -> str | None:
    """Answer the ISO country of an E.164 number (MA, FR…), or None."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def phone_masked(e164: str) -> str:
    """Answer the number with all but its last two digits hidden, for pages and logs."""
    digits = e164 or ""
    return digits[:4] + "•" * max(len(digits) - 6, 0) + digits[-2:] if len(digits) > 6 else digits

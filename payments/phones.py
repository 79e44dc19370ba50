"""The phone number cash on delivery works with: a Moroccan number, in E.164."""

from __future__ import annotations

from marketplace.notify.errors import NotifyError
from marketplace.notify.phones import phone_normalize, phone_region


def cod_phone(raw: str) -> str | None:
    """Answer a Moroccan number in E.164, or None when `raw` is not one."""
    try:
        phone = phone_normalize(raw, region="MA")
    except NotifyError:
        return None
    return phone if phone_region(phone) == "MA" else None

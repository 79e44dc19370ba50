"""Saved addresses: add, change, remove, choose the default (orders keep their own copy)."""

from __future__ import annotations

import re

from django.db import transaction

from ..errors import AddressError, AddressErrorCode
from ..hooks import country_choices
from ..models import SavedAddress

MAX_ADDRESSES = 20
_LIMITS = {"label": 60, "name": 120, "line1": 200, "line2": 200, "city": 100,
           "postal_code": 20, "country": 2, "phone": 30}  # fmt: skip
_REQUIRED = ("name", "line1", "city", "country")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _clean(values: dict) -> dict:
    cleaned, errors = {}, {}
    for field, limit in _LIMITS.items():
        value = values.get(field, "")
        value = "" if value is None else str(value).strip()
        if field == "country":
            value = value.upper()
        if len(value) > limit:
            errors[field] = ["too_long"]
        elif field in _REQUIRED and not value:
            errors[field] = ["required"]
        cleaned[field] = value
    country = cleaned["country"]
    allowed = {code for code, _name in country_choices()}
    if "country" not in errors and (
        not _COUNTRY.fullmatch(country) or (allowed and country not in allowed)
    ):
        errors["country"] = ["invalid"]
    if errors:
        raise AddressError(AddressErrorCode.INVALID, fields=errors)
    return cleaned


def _own(user, address_id) -> SavedAddress:
    try:
        pk = int(address_id)
    except (TypeError, ValueError):
        raise AddressError(AddressErrorCode.NOT_FOUND) from None
    address = SavedAddress.objects.select_for_update().filter(pk=pk, user=user).first()
    if address is None:
        raise AddressError(AddressErrorCode.NOT_FOUND)
    return address


def _lock_user_addresses(user) -> list[SavedAddress]:
    return list(SavedAddress.objects.select_for_update().filter(user=user).order_by("pk"))


def address_create(*, user, is_default: bool = False, **values) -> SavedAddress:
    """Keep a new address for a buyer; the first one, or one asked to be, is the default."""
    cleaned = _clean(values)
    with transaction.atomic():
        mine = _lock_user_addresses(user)
        if len(mine) >= MAX_ADDRESSES:
            raise AddressError(AddressErrorCode.TOO_MANY, max=MAX_ADDRESSES)
        is_default = bool(is_default) or not any(a.is_default for a in mine)
        if is_default:
            SavedAddress.objects.filter(user=user, is_default=True).update(is_default=False)
        return SavedAddress.objects.create(user=user, is_default=is_default, **cleaned)


def address_update(*, user, address_id, is_default: bool | None = None, **values) -> SavedAddress:
    """Change a saved address (past orders keep the address they were placed with)."""
    cleaned = _clean(values)
    with transaction.atomic():
        _lock_user_addresses(user)
        address = _own(user, address_id)
        for field, value in cleaned.items():
            setattr(address, field, value)
        if is_default and not address.is_default:
            SavedAddress.objects.filter(user=user, is_default=True).update(is_default=False)
            address.is_default = True
        address.save()
        return address


def address_set_default(*, user, address_id) -> SavedAddress:
    """Make one of the buyer's addresses the default."""
    with transaction.atomic():
        _lock_user_addresses(user)
        address = _own(user, address_id)
        if not address.is_default:
            SavedAddress.objects.filter(user=user, is_default=True).update(is_default=False)
            address.is_default = True
            address.save(update_fields=["is_default", "updated_at"])
        return address


def address_delete(*, user, address_id) -> None:
    """Forget a saved address; the newest other one becomes the default if it was."""
    with transaction.atomic():
        _lock_user_addresses(user)
        address = _own(user, address_id)
        was_default = address.is_default
        address.delete()
        if was_default:
            nxt = SavedAddress.objects.filter(user=user).order_by("-updated_at", "-pk").first()
            if nxt is not None:
                nxt.is_default = True
                nxt.save(update_fields=["is_default", "updated_at"])

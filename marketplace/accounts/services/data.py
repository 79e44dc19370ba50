"""An account's data: its export (everything kept about the person) and its deletion."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ..errors import AccountError, AccountErrorCode
from ..hooks import account_data_parts
from ..models import SavedAddress, User


def account_data_export(*, user: User) -> dict:
    """Return everything Souk keeps about this account, as JSON-able data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "currency": user.currency,
            "country": user.country,
            "date_joined": user.date_joined.isoformat(),
        },
        "addresses": [
            {"label": a.label, "is_default": a.is_default, **a.as_checkout()}
            for a in SavedAddress.objects.filter(user=user)
        ],
    }
    for name, provider in sorted(account_data_parts().items()):
        data[name] = provider(user)
    return data


def account_delete(*, user_id: int) -> None:
    """Delete an account and what is kept with it (addresses, favourites, follows, alerts).

    Orders stay for the shops' books, without the account (Order.buyer is set to null). An
    account that still holds something that must outlive it (a commissioned piece) is refused.
    """
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user_id)
            user.delete()
    except ProtectedError:
        raise AccountError(AccountErrorCode.IN_USE) from None

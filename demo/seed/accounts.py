"""Demo logins: an administrator, a moderator, artisans, a cooperative manager, a buyer."""

from __future__ import annotations

from django.db import transaction

from marketplace.accounts.models import User
from marketplace.accounts.services import user_make_moderator

from ..data import DEMO_ACCOUNTS, DEMO_PASSWORD


def seed() -> None:
    """Create or refresh every demo account (password `souk-demo`)."""
    with transaction.atomic():
        for email, name, role in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email, display_name=name)
                user.set_password(DEMO_PASSWORD)
            user.display_name = name
            user.country = "US" if email.startswith("buyer") else "MA"
            user.language = {"buyer": "en", "applicant": "ar", "casa": "ar"}.get(
                email.split("@")[0], "fr"
            )
            user.currency = "USD" if email.startswith("buyer") else "MAD"
            if role == "administrator":
                user.is_staff = user.is_superuser = True
            user.save()
            if role == "moderator":
                user_make_moderator(user=user)

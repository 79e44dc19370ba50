"""Guest buyers who create an account after checking out keep their orders."""

from __future__ import annotations

from django.db import transaction

from marketplace.accounts.models import User
from marketplace.accounts.services import account_sign_up

from ..models import Order, OrderEvent


def guest_account_create(
    *, numbers: list[str], email: str, password: str, display_name: str, language: str, ip: str
) -> User | None:
    """Start an account for a guest's order e-mail, confirmed by a link sent to that address.

    The account cannot be used until its owner opens the link (accounts.services.signup); the
    guest's orders stay visible through their signed links and this browser meanwhile. Only
    orders the guest already proved access to (`numbers`: the signed link or this browser),
    placed with that same e-mail and still without a buyer, are attached. An address that
    already has a confirmed account gets an e-mail saying so and nothing is attached (None);
    the guest sees the same answer either way.
    """
    email = email.strip().lower()
    with transaction.atomic():
        user = account_sign_up(
            email=email, password=password, display_name=display_name, language=language, ip=ip
        )
        if user is None:
            return None
        orders = list(
            Order.objects.select_for_update()
            .filter(number__in=numbers, email__iexact=email, buyer__isnull=True)
            .order_by("pk")
        )
        for order in orders:
            order.buyer = user
            order.save(update_fields=["buyer", "updated_at"])
            OrderEvent.objects.create(order=order, actor=user, kind="account_created")
    return user

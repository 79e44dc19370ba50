"""Guest buyers who create an account after checking out keep their orders."""

from django.db import transaction

from marketplace.accounts.models import User
from marketplace.accounts.services import user_create

from ..errors import OrderError, OrderErrorCode
from ..models import Order, OrderEvent


def guest_account_create(
    *, numbers: list[str], email: str, password: str, display_name: str, language: str
) -> User:
    """Create an account for a guest's e-mail and attach the guest orders it placed.

    Only orders the guest already proved access to (`numbers`: the signed link or this
    browser), placed with that same e-mail and still without a buyer, are attached.
    """
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise OrderError(OrderErrorCode.ACCOUNT_EXISTS, fields={"email": ["exists"]})
        user = user_create(
            email=email, password=password, display_name=display_name, language=language
        )
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

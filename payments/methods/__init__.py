"""Payment methods behind one interface (marketplace.orders.methods.PaymentMethod).

- `card`: the Stripe flow (payments/services/payments.py); the default, offered everywhere.
- `cod`: cash on delivery in Morocco (payments/methods/cod.py, payments/services/cod*.py).

A second card provider (a Moroccan acquirer such as CMI) would be another method here, with
its own client module beside stripe_client.py; the README says how.
"""

from .card import CardMethod
from .cod import CodMethod


def payment_methods_register() -> None:
    """Register every method with checkout (called from PaymentsConfig.ready())."""
    from marketplace.orders.methods import payment_method_register

    payment_method_register(CardMethod())
    payment_method_register(CodMethod())


__all__ = ["CardMethod", "CodMethod", "payment_methods_register"]

"""Card payments through Stripe: offered for every checkout; paid on the pay page."""

from __future__ import annotations

from marketplace.orders.methods import CheckoutContext, MethodOffer, PaymentMethod


class CardMethod(PaymentMethod):
    """The Stripe card flow: checkout starts the PaymentIntent after commit (orders)."""

    code = "card"

    def offer(self, context: CheckoutContext) -> MethodOffer:
        return MethodOffer(code=self.code, available=True)

    def placed(self, *, order) -> None:
        # The PaymentIntent is a network call: checkout starts it after its commit.
        return None

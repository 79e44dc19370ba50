"""How checkout asks for a payment method without importing the app that provides it.

The payments app (above orders) implements each method in `payments/methods/` and registers
it here in its `AppConfig.ready()`; checkout only knows this interface. A method not
registered cannot be chosen (the checkout answers 400), never silently becomes another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class MethodOffer:
    """Whether a method can pay a given checkout, and at what extra cost per shop (MAD)."""

    code: str
    available: bool
    # Why not, in the buyer's language, one sentence each (empty when available).
    reasons: list[str] = field(default_factory=list)
    fees: dict[int, Decimal] = field(default_factory=dict)

    @property
    def fee_total(self) -> Decimal:
        return sum(self.fees.values(), Decimal("0"))


@dataclass
class CheckoutContext:
    """What a method needs to decide: the shops, the destination, the currency, the buyer."""

    shop_ids: list[int]
    country: str
    currency: str
    total_mad: Decimal
    phone: str = ""
    buyer_id: int | None = None


class PaymentMethod:
    """One way to pay: `offer` decides at checkout, `placed` runs in the order's transaction."""

    code: str = ""

    def offer(self, context: CheckoutContext) -> MethodOffer:
        raise NotImplementedError

    def placed(self, *, order) -> None:
        """Do what the method does once the order exists (inside the checkout's transaction)."""


_registry: dict[str, PaymentMethod] = {}


def payment_method_register(method: PaymentMethod) -> PaymentMethod:
    """Provide a payment method (from its app's ready()); a second one with its code replaces it."""
    _registry[method.code] = method
    return method


def payment_method(code: str) -> PaymentMethod | None:
    """Answer the registered method with this code, or None."""
    return _registry.get(code)


def payment_method_offers(context: CheckoutContext) -> list[MethodOffer]:
    """Answer every registered method's offer for a checkout, card first."""
    return [m.offer(context) for _c, m in sorted(_registry.items(), key=lambda i: i[0] != "card")]

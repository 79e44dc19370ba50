"""Shared set-up for cash-on-delivery tests: opted-in shops, a Casablanca buyer, the code."""

from __future__ import annotations

import re
from decimal import Decimal

from artisans.models import ShippingZone
from marketplace.orders.services import cart_add, cart_get_or_create, order_place
from payments.models import CodShopTerms
from tests.factories import ShippingRateFactory, ShopFactory, UserFactory, VariantFactory

CASABLANCA = {
    "name": "Salma Bennani",
    "line1": "14 rue Tiznit, Maârif",
    "city": "Casablanca",
    "postal_code": "20330",
    "country": "MA",
    "phone": "06 12 34 56 78",
}
CASA_PHONE = "+212612345678"


def cod_shop(*, enabled: bool = True, fee: str = "0.00", **kwargs):
    """A verified shop shipping everywhere at 30 MAD, taking COD (or not) at `fee`."""
    shop = ShopFactory(**kwargs)
    for zone in ShippingZone.values:
        ShippingRateFactory(
            shop=shop, zone=zone, first_item=Decimal("30.00"), additional_item=Decimal("10.00")
        )
    CodShopTerms.objects.create(shop=shop, enabled=enabled, fee_mad=Decimal(fee))
    return shop


def cod_cart(*shops_and_stock, buyer=None, price="200.00"):
    """A buyer's cart with one piece from each shop; answers (buyer, cart, variants)."""
    buyer = buyer or UserFactory(country="MA", language="ar")
    cart = cart_get_or_create(user=buyer)
    variants = []
    for shop, stock in shops_and_stock:
        variant = VariantFactory(product__shop=shop, price=Decimal(price), stock=stock)
        cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        variants.append(variant)
    return buyer, cart, variants


def place_cod(cart, buyer, *, address=None, currency="MAD", key=None):
    """Place a COD order for the cart (the code goes out after commit)."""
    return order_place(
        cart=cart,
        email=buyer.email,
        address=address or CASABLANCA,
        currency=currency,
        buyer=buyer,
        language=buyer.language,
        idempotency_key=key,
        payment_method="cod",
    )


def code_from(messages) -> str:
    """Read the latest confirmation code from the sent text messages."""
    codes = [m for m in messages if m.purpose == "cod_code"]
    assert codes, "no code was sent"
    return re.search(r"\b(\d{6})\b", codes[-1].body).group(1)

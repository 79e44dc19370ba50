"""Fixtures for cart and checkout tests: two verified shops that ship to every zone."""

from decimal import Decimal

import pytest

from artisans.models import ShippingZone
from tests.factories import ShippingRateFactory, ShopFactory, VariantFactory

US_ADDRESS = {
    "name": "Emily Carter",
    "line1": "12 Main Street",
    "city": "Boston",
    "postal_code": "02110",
    "country": "US",
    "phone": "+1 617 555 0100",
}


def shop_shipping_everywhere(**kwargs):
    shop = ShopFactory(**kwargs)
    for zone in ShippingZone.values:
        ShippingRateFactory(
            shop=shop, zone=zone, first_item=Decimal("50.00"), additional_item=Decimal("20.00")
        )
    return shop


@pytest.fixture
def shops():
    return shop_shipping_everywhere(), shop_shipping_everywhere()


@pytest.fixture
def variants(shops):
    a = VariantFactory(product__shop=shops[0], price=Decimal("250.00"), stock=5)
    b = VariantFactory(product__shop=shops[1], price=Decimal("120.50"), stock=3)
    return a, b


@pytest.fixture(autouse=True)
def _no_payment_network(settings):
    """Checkout tests stop at the order; the payment intent is the payments tests' business."""
    settings.ORDERS_START_PAYMENT = False

from decimal import Decimal

import factory

from marketplace.orders.models import Order, OrderLine, ShopOrder

from .artisans import ShopFactory
from .catalogue import VariantFactory


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    ship_name = "Emily Carter"
    ship_line1 = "12 Main Street"
    ship_city = "Boston"
    ship_postal_code = "02110"
    ship_country = "US"
    shipping_zone = "NA"
    currency = "MAD"
    exchange_rate = Decimal("1")


class ShopOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopOrder

    order = factory.SubFactory(OrderFactory)
    shop = factory.SubFactory(ShopFactory)
    subtotal_mad = Decimal("250.00")
    shipping_mad = Decimal("50.00")
    total_mad = Decimal("300.00")
    total = Decimal("300.00")
    commission_rate = Decimal("0.1000")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    shop_order = factory.SubFactory(ShopOrderFactory)
    variant = factory.SubFactory(
        VariantFactory, product__shop=factory.SelfAttribute("...shop_order.shop")
    )
    product = factory.SelfAttribute("variant.product")
    title = factory.SelfAttribute("variant.product.title_en")
    sku = factory.SelfAttribute("variant.sku")
    unit_price_mad = Decimal("250.00")
    quantity = 1
    line_total_mad = Decimal("250.00")


def order_with_parts(*, shops=2, stock=5, quantity=1, status="pending_payment", **order_fields):
    """Build an order with one shop order (one line) per shop, as checkout would leave it."""
    order = OrderFactory(**order_fields)
    for _ in range(shops):
        shop_order = ShopOrderFactory(order=order, status=status)
        OrderLineFactory(shop_order=shop_order, quantity=quantity, variant__stock=stock)
    order.total = sum(so.total for so in order.shop_orders.all())
    order.save(update_fields=["total"])
    return order

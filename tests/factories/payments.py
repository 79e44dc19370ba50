from decimal import Decimal

import factory

from payments.models import Payment

from .orders import OrderFactory, ShopOrderFactory


def order_awaiting_payment(
    *, totals=(Decimal("300.00"),), currency="MAD", rate=Decimal("1"), **order_kw
):
    """Build an order with one shop order per total (MAD), awaiting payment."""
    from marketplace.core.money import convert_from_mad

    order = OrderFactory(currency=currency, exchange_rate=rate, **order_kw)
    total = Decimal("0")
    for total_mad in totals:
        converted = convert_from_mad(total_mad, currency, rate)
        ShopOrderFactory(
            order=order,
            subtotal_mad=total_mad,
            shipping_mad=Decimal("0"),
            total_mad=total_mad,
            total=converted,
        )
        total += converted
    order.total_mad = sum(totals, Decimal("0"))
    order.subtotal_mad = order.total_mad
    order.total = total
    order.save()
    return order


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.SubFactory(OrderFactory)
    amount = factory.LazyAttribute(lambda p: p.order.total)
    currency = factory.LazyAttribute(lambda p: p.order.currency)
    intent_id = factory.Sequence(lambda n: f"pi_test{n:08d}")
    client_secret = factory.LazyAttribute(lambda p: f"{p.intent_id}_secret_x")

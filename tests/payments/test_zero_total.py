"""An order with nothing to pay is refused cleanly (found by the API fuzzing: it was a 500)."""

from decimal import Decimal

import pytest

from marketplace.core.errors import DomainError
from payments.models import Payment
from payments.services import payment_start
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db


def test_payment_start_refuses_an_order_with_a_zero_total():
    order = OrderFactory(total=Decimal("0.00"))
    with pytest.raises(DomainError) as refused:
        payment_start(order_id=order.pk)
    assert 400 <= refused.value.status < 500
    assert not Payment.objects.filter(order=order).exists()

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.money import Money, convert_from_mad, quantize


def test_conversion_rounds_half_up_once():
    assert convert_from_mad(Decimal("99.95"), "EUR", Decimal("0.0925")) == Decimal("9.25")
    assert convert_from_mad(Decimal("10.05"), "USD", Decimal("0.1")) == Decimal("1.01")
    assert convert_from_mad(Decimal("10.05"), "MAD", Decimal("1")) == Decimal("10.05")


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(1.5, "MAD")


def test_money_as_dict_is_strings():
    assert Money(Decimal("12.5"), "EUR").as_dict() == {"amount": "12.50", "currency": "EUR"}


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_quantize_keeps_two_places(amount):
    assert quantize(amount, "MAD").as_tuple().exponent == -2

"""Hardening tests reuse the seller fixtures (a verified shop, another seller, a buyer)."""

from tests.api.conftest import world  # noqa: F401
from tests.artisans.conftest import buyer, login, other_seller, owner, product  # noqa: F401
from tests.payments.conftest import dead_stripe, localstripe, localstripe_base  # noqa: F401

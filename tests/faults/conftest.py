"""Fault tests share the payments tests' private localstripe."""

from tests.payments.conftest import dead_stripe, localstripe, localstripe_base  # noqa: F401

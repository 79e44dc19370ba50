from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from marketplace.orders import hooks

        from . import (
            selectors,
            services,
            signals,  # noqa: F401  (holds payouts when a shop's RIB changes)
        )

        # What orders asks of payments, without importing it (marketplace/orders/hooks.py).
        hooks.payment_start_for_checkout.register(services.payment_start_for_checkout)
        hooks.payment_cancel.register(services.payment_cancel)
        hooks.payment_in_flight.register(selectors.payment_in_flight)
        hooks.refund_create.register(services.refund_create)
        hooks.ledger_record_delivery.register(services.ledger_record_delivery)

        from .methods import payment_methods_register

        payment_methods_register()  # checkout (orders) offers card and cash on delivery

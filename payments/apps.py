from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from . import signals  # noqa: F401  (holds payouts when a shop's RIB changes)
        from .methods import payment_methods_register

        payment_methods_register()  # checkout (orders) offers card and cash on delivery

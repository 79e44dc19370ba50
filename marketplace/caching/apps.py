from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "marketplace.caching"
    label = "caching"

    def ready(self):
        from django.db.backends.signals import connection_created

        from marketplace.core.models import ExchangeRate

        from . import deps

        # Every write to a watched table is seen, declared or not (deps.py).
        connection_created.connect(deps.install_write_watch, dispatch_uid="souk_caching_watch")
        # The rates are core's; every page in another currency than MAD shows them.
        deps.register(ExchangeRate, _rates_changed)


def _rates_changed(instance, old, deleted):
    from django.core.cache import cache
    from django.db import transaction

    from marketplace.core.selectors import RATES_CACHE_KEY

    # core.selectors keeps the rates in the cache: whoever saves one (a service, the admin).
    transaction.on_commit(lambda: cache.delete(RATES_CACHE_KEY), robust=True)
    return {"rates"}

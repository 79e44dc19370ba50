from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvenanceConfig(AppConfig):
    name = "marketplace.provenance"
    label = "provenance"
    verbose_name = _("Provenance")

    def ready(self):
        from marketplace import caching
        from marketplace.catalogue import hooks as catalogue_hooks

        from . import (
            receivers,  # noqa: F401  (orders' shop_order_changed)
            selectors,
        )
        from .freshness import connect

        connect()
        catalogue_hooks.listing_filter_register(
            catalogue_hooks.ListingFilter(
                name="label",
                title=_("Verified label"),
                q=selectors.label_products_q,
                tags=lambda value: ("labels",) if value is None else (f"label:{value}",),
                choices=selectors.label_choices,
            )
        )
        catalogue_hooks.product_badges_register(selectors.label_badges)
        # The product page reads its labels: fetched with its other fragments.
        caching.register_prefetch("catalogue.product_page", selectors.page_prefetch)

"""Countries buyers can ship to, each mapped to a shipping zone (kept in marketplace.shipping)."""

from marketplace.shipping.zones import (  # noqa: F401  (re-exported for the order screens)
    COUNTRIES,
    COUNTRY_CHOICES,
    COUNTRY_ZONES,
    zone_for_country,
)

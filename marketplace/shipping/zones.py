"""Countries buyers can ship to, each in a shipping zone (Morocco, EU, North America, world)."""

from django.utils.translation import gettext_lazy as _

from artisans.models import ShippingZone

MA, EU, NA, WW = (
    ShippingZone.MOROCCO,
    ShippingZone.EUROPE,
    ShippingZone.NORTH_AMERICA,
    ShippingZone.WORLD,
)

# (ISO 3166-1 alpha-2, name, zone); the four most frequent destinations come first.
COUNTRIES = [
    ("MA", _("Morocco"), MA),
    ("US", _("United States"), NA),
    ("FR", _("France"), EU),
    ("ES", _("Spain"), EU),
    ("AE", _("United Arab Emirates"), WW),
    ("AT", _("Austria"), EU),
    ("AU", _("Australia"), WW),
    ("BE", _("Belgium"), EU),
    ("BR", _("Brazil"), WW),
    ("CA", _("Canada"), NA),
    ("CH", _("Switzerland"), EU),
    ("CN", _("China"), WW),
    ("DE", _("Germany"), EU),
    ("DK", _("Denmark"), EU),
    ("DZ", _("Algeria"), WW),
    ("EG", _("Egypt"), WW),
    ("FI", _("Finland"), EU),
    ("GB", _("United Kingdom"), EU),
    ("GR", _("Greece"), EU),
    ("IE", _("Ireland"), EU),
    ("IT", _("Italy"), EU),
    ("JP", _("Japan"), WW),
    ("LU", _("Luxembourg"), EU),
    ("MX", _("Mexico"), NA),
    ("NL", _("Netherlands"), EU),
    ("NO", _("Norway"), EU),
    ("PL", _("Poland"), EU),
    ("PT", _("Portugal"), EU),
    ("QA", _("Qatar"), WW),
    ("SA", _("Saudi Arabia"), WW),
    ("SE", _("Sweden"), EU),
    ("SN", _("Senegal"), WW),
    ("TN", _("Tunisia"), WW),
    ("TR", _("Turkey"), WW),
]
COUNTRY_ZONES = {code: zone for code, _name, zone in COUNTRIES}
COUNTRY_CHOICES = [(code, name) for code, name, _zone in COUNTRIES]


def zone_for_country(code: str) -> str | None:
    """Return the shipping zone of a country code, or None when we do not ship there."""
    return COUNTRY_ZONES.get((code or "").upper())

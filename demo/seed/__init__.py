"""The demo's seeders, one module per domain, run in order by `manage.py seed_demo`.

Each seeder is an idempotent `seed()`: running it twice changes nothing. It finds what earlier
seeders made by its natural keys (e-mail, slug), so seeders share no state. A feature adds its
own module here and appends its `seed` to SEEDERS after the seeders it builds on.
"""

from __future__ import annotations

from collections.abc import Callable

from . import (
    accounts,
    catalogue,
    cod,
    conversations,
    favourites,
    moderation,
    orders,
    provenance,
    shipping,
    shops,
)

SEEDERS: list[Callable[[], None]] = [
    accounts.seed,  # demo logins, moderator group
    shops.seed,  # artisans, cooperatives, verified shops and their shipping prices
    catalogue.seed,  # exchange rates, categories, materials, products, variants, photos
    shipping.seed,  # shipping profiles (carpets by weight), customs data on every piece
    provenance.seed_labels,  # the label registry, claims to check, the Tifawin split
    orders.seed,  # orders placed, paid, shipped and delivered through the services; reviews
    shipping.seed_export_order,  # a paid US order: import-charges estimate, customs papers
    provenance.seed,  # certificates of shipped pieces, a fixed demo certificate, members' pay
    moderation.seed,  # a shop application and products waiting for the moderators
    conversations.seed,  # a question, an open quote, a carpet being made with progress photos
    cod.seed,  # shops taking cash on delivery; a Casablanca buyer's COD orders at every stage
    favourites.seed,  # buyer@souk.test: loved pieces, a followed shop, an alert, two addresses
]


def seed_all() -> None:
    """Run every seeder in order."""
    for seeder in SEEDERS:
        seeder()

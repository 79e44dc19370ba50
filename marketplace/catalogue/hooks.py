"""Hooks the catalogue offers to the apps above it (see marketplace/core/hooks.py).

- `variant_ordered`: tells whether an order line points at a variant (provided by orders).
- `ListingFilter`: one more filter of every listing (page and API), registered by its query
  parameter. Its value is a slug; `q(value)` answers the matching products (applied to the
  listing's base, so every facet counts within it); `tags(value)` the dependencies a listing
  filtered on it shows (value None: what its list of choices shows, carried by every listing);
  `choices()` the values offered, with their names in the current language.
- `product_badges`: providers answering, for a product, facts to show on its page, each
  `{"name", "detail", "since"}`; a provider stamps `product:<id>` / `shop:<id>` when they change,
  and may keep its answer as a fragment (`provider(product, cached=...)`: False when the
  request asks for no fragments, as the bench's cold pages do).
- `variants_restocked` (a signal): sent after the commit of any write that took a variant's
  stock from zero to some (a seller's restock, a cancelled order's pieces put back, a refund
  returning stock), with `variant_ids` (sender: Variant). Back-in-stock alerts listen to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal

from marketplace.core.hooks import Hook

variant_ordered = Hook(
    "catalogue.variant_ordered",
    "Tell whether an order line points at this variant: variant_ordered(variant_id) -> bool. "
    "Provided by orders; an ordered variant is only switched off, never deleted.",
)

# Several apps may add listing filters and product badges: registries rather than one Hook.


@dataclass(frozen=True)
class ListingFilter:
    name: str
    title: object  # a lazy translated string
    q: Callable[[str], Q]
    tags: Callable[[str | None], Iterable[str]]
    choices: Callable[[], list[tuple[str, str]]]


listing_filters: dict[str, ListingFilter] = {}
_badge_providers: list[Callable] = []


def listing_filter_register(listing_filter: ListingFilter) -> None:
    """Add a filter to every listing (idempotent: registered again, it replaces itself)."""
    listing_filters[listing_filter.name] = listing_filter


def product_badges_register(provider: Callable) -> None:
    """Add a provider of facts shown on a product's page."""
    if provider not in _badge_providers:
        _badge_providers.append(provider)


def product_badges(product, *, cached: bool = True) -> list[dict]:
    """Return every provider's facts about a product."""
    found: list[dict] = []
    for provider in _badge_providers:
        found.extend(provider(product, cached=cached))
    return found


class LazyChoices:
    """A filter's choices, read only if the filters' markup is rendered (not when it is cached)."""

    def __init__(self, compute: Callable[[], list[tuple[str, str]]]):
        self._compute = compute
        self._value: list[tuple[str, str]] | None = None

    def _get(self) -> list[tuple[str, str]]:
        if self._value is None:
            self._value = list(self._compute())
        return self._value

    def __iter__(self):
        return iter(self._get())

    def __bool__(self) -> bool:
        return bool(self._get())

    def __len__(self) -> int:
        return len(self._get())


def listing_filter_q(filters: dict) -> Q:
    """Return the registered filters' conditions for the values in `filters`, and-ed."""
    q = Q()
    for name, listing_filter in listing_filters.items():
        if filters.get(name):
            q &= listing_filter.q(filters[name])
    return q


def listing_filter_tags(filters: dict) -> list[str]:
    """Return the dependencies a listing with these filters shows through the hooks."""
    tags: list[str] = []
    for name, listing_filter in listing_filters.items():
        tags.extend(listing_filter.tags(None))
        if filters.get(name):
            tags.extend(listing_filter.tags(filters[name]))
    return tags


variants_restocked = Signal()


def restocked_on_commit(variant_ids) -> None:
    """Announce variants back in stock once the current transaction commits."""
    from .models import Variant

    ids = sorted({int(pk) for pk in variant_ids})
    if ids:
        transaction.on_commit(
            lambda: variants_restocked.send(sender=Variant, variant_ids=ids), robust=True
        )

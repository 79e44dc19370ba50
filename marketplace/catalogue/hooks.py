"""Hooks the catalogue offers to the apps above it (see marketplace/core/hooks.py)."""

from marketplace.core.hooks import Hook

variant_ordered = Hook(
    "catalogue.variant_ordered",
    "Tell whether an order line points at this variant: variant_ordered(variant_id) -> bool. "
    "Provided by orders; an ordered variant is only switched off, never deleted.",
)

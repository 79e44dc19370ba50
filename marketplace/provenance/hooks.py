"""Hooks provenance offers to the apps above it (see marketplace/core/hooks.py).

- `shop_trail`: a shop's moderation steps as certificates show (and sign) them,
  shop_trail(shop_id) -> [{"action": "shop.verify", "on": "2026-01-10"}], oldest first.
  Provided by moderation, which keeps the audit log; provenance never reads its tables.
"""

from marketplace.core.hooks import Hook

shop_trail = Hook(
    "provenance.shop_trail",
    "Answer a shop's moderation steps: shop_trail(shop_id) -> [{'action', 'on'}], oldest first.",
)

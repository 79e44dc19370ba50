"""Signals the shops app sends for apps above it (which it must not import)."""

from django.dispatch import Signal

# Sent inside the transaction that changed a shop's payout bank details, with `shop` (locked)
# and `actor`. Receivers answer a list of what they held because of it (the payments app holds
# payouts not yet paid), which the change's e-mail to the shop's people lists.
payout_details_changed = Signal()

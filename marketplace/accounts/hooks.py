"""Hooks the accounts app offers to the apps above it (see marketplace/core/hooks.py)."""

from marketplace.core.hooks import Hook

user_shop = Hook(
    "accounts.user_shop",
    "Return the shop a user acts for, or None: user_shop(user). Provided by artisans.",
)

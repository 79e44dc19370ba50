"""Favourites, follows and alerts: what brings a buyer back ([buyers]).

Favourite pieces and followed shops (kept in the session for a visitor without an account and
merged into the account at log-in or sign-up), "tell me when it is back" alerts on sold-out
variants, a weekly digest at most of new pieces from followed shops, and the cart reminder.
Every e-mail goes through the outbox (marketplace.core.emails), once per event, in the buyer's
language, with a signed unsubscribe link that works without logging in.
"""

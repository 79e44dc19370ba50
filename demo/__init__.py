"""The demo: data, photos and orders that show Souk off, and the tools that run it locally.

Nothing in production imports this package (an import contract in `make lint` says so); it is
installed only while DJANGO_DEBUG is on or SOUK_DEMO=1. What lives here:

- `seed/`: one module per domain, each with an idempotent `seed()` made of real service calls
  where a service exists; `seed.SEEDERS` lists them in the order `seed_demo` runs them. A new
  feature adds `seed/<feature>.py` with its own `seed()` and appends it to `SEEDERS`.
- `data.py` (the literal catalogue and accounts), `images.py` (photos drawn with Pillow).
- `management/commands/`: `seed_demo` (load the data) and `rundemo` (web, worker, beat,
  localstripe until Ctrl-C).
- `localstripe_server.py`: our launcher for the offline Stripe stand-in (GPL, dev only).
- `mail.py`: a file mail backend that de-duplicates on Message-ID, for tests and local runs.
"""

"""How often one address may look certificates up: enumeration of /v/ is cut short.

Codes carry ~59 bits, so guessing is hopeless anyway; the limit keeps a scraper from even
trying. Unknown codes count against a small budget (MISSES_PER_WINDOW per WINDOW_SECONDS);
once spent, every look-up from that address is refused until the window ends. All look-ups
count against a larger budget. Counters live in the shared cache (core.ratelimit): when it
does not answer, look-ups are refused with a 503 (fail closed), as log-ins are.
"""

from __future__ import annotations

import contextlib

from marketplace.core.net import client_ip
from marketplace.core.ratelimit import LimitUnavailable, counts, hashed, hit

MISSES_PER_WINDOW = 20
LOOKUPS_PER_WINDOW = 600
WINDOW_SECONDS = 600


def _who(request) -> str:
    return hashed(client_ip(request) or "unknown")


def lookup_allowed(request) -> bool:
    """Count one look-up; answer False when this address is over a budget.

    Raises LimitUnavailable when the counters cannot be read.
    """
    who = _who(request)
    misses = counts([f"prov:v:miss:{who}"])[f"prov:v:miss:{who}"]
    if misses >= MISSES_PER_WINDOW:
        return False
    return hit(f"prov:v:all:{who}", WINDOW_SECONDS) <= LOOKUPS_PER_WINDOW


def lookup_missed(request) -> None:
    """Count a look-up of a code that does not exist."""
    with contextlib.suppress(LimitUnavailable):
        hit(f"prov:v:miss:{_who(request)}", WINDOW_SECONDS)

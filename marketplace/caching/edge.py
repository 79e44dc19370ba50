"""Pages a shared cache can hold (Varnish, a CDN): headers on the way out, purges after commit.

A shared cache announces itself with `Surrogate-Capability: souk=ESI/1.0` (deploy/varnish/souk.vcl
sets it on what it forwards). To such a request, an anonymous catalogue page is answered
without anything personal (no CSRF token: static/core/personal.js fetches one from
/_personal/ when a form is used; no cookie; the anonymous header), with
`Cache-Control: public, max-age=0, s-maxage=EDGE_CACHE_SECONDS` and `Surrogate-Key` /
`xkey`: the page's dependencies (product:12, shop:3, list:cat:5, rates, …). After a change
commits, the configured purger is given the dependencies it stamped and bans exactly the pages
carrying one of them.

Purgers (EDGE_PURGER): `NoPurger` (default: no shared cache), `LoggingPurger` (prints what
would be purged), `VarnishPurger` (a BAN request to each of EDGE_PURGE_URLS with the keys; the
VCL turns it into a ban on obj.http.Surrogate-Key). A CDN's API is one more class with a
`purge(keys)` method.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("marketplace.caching")
KEY_HEADER = "Surrogate-Key"


def mark_shared(response, tags: Iterable[str]) -> None:
    """Let a shared cache keep `response`, purged by any of `tags`."""
    seconds = int(getattr(settings, "EDGE_CACHE_SECONDS", 3600))
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
    keys = " ".join(sorted(set(tags)))
    response[KEY_HEADER] = keys
    response["xkey"] = keys  # the same keys for Varnish's xkey module, where it is installed


class NoPurger:
    """No shared cache in front: nothing to purge."""

    def purge(self, keys: set[str]) -> None:
        """Do nothing."""


class LoggingPurger:
    """Log the keys a shared cache would be told to purge (development)."""

    def purge(self, keys: set[str]) -> None:
        """Log the keys."""
        logger.info("edge purge: %s", " ".join(sorted(keys)))


class VarnishPurger:
    """Ban every object carrying one of the keys, on each Varnish in EDGE_PURGE_URLS."""

    def __init__(self, urls: Iterable[str] | None = None, timeout: float | None = None):
        self.urls = list(urls if urls is not None else getattr(settings, "EDGE_PURGE_URLS", []))
        self.timeout = timeout or float(getattr(settings, "EDGE_PURGE_TIMEOUT", 1.0))

    @staticmethod
    def pattern(keys: Iterable[str]) -> str:
        """Return the regular expression matching any of `keys` in a Surrogate-Key header."""
        alternatives = "|".join(re.escape(k) for k in sorted(keys))
        return rf"(^|\s)({alternatives})(\s|$)"

    def purge(self, keys: set[str]) -> None:
        """Send one BAN per Varnish; a failure is logged (the page then lives its s-maxage)."""
        if not keys:
            return
        for url in self.urls:
            request = urllib.request.Request(  # noqa: S310 (an address from the settings)
                url, method="BAN", headers={"Souk-Ban": self.pattern(keys)}
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    response.read()
            except (OSError, urllib.error.URLError):
                logger.exception("edge purge: %s did not take the ban of %s", url, sorted(keys))


@lru_cache(maxsize=1)
def purger():
    """Return the configured purger (EDGE_PURGER, a dotted class path)."""
    return import_string(getattr(settings, "EDGE_PURGER", "marketplace.caching.edge.NoPurger"))()


def purge(keys: set[str]) -> None:
    """Tell the shared cache that pages carrying any of `keys` are stale (after commit)."""
    try:
        purger().purge(set(keys))
    except Exception:  # a purger is outside code: its failure must never break the commit
        logger.exception("edge purge failed for %s", sorted(keys))

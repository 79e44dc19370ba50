"""Every cache of Souk, one model: entries checked against the dependencies they show.

The model (deps.py): a change stamps the dependencies it touched with a clock, after its
transaction commits, in every process alike (web workers, the Celery worker, a shell). An entry
records the clock read before its rows and the dependencies it showed; it is served while none
was stamped since. Nothing is scanned, nothing is deleted; what is stale is overwritten by the
next render. A write the SQL watch sees and nobody declared stamps `catalogue`, which every
entry carries: correct, only slower, and logged.

What is cached — keyed by — depends on (stamped by) — stale at most:

- page (pages.py), anonymous catalogue pages — language, currency, host, path and query — what
  the view declared (below), `rates` outside MAD — 0 s with a session; within
  PAGE_CACHE_LOCAL_SECONDS (0.5 s) from a web process's own copy.
- product page — as pages — product:<id>, shop:<id>, makers, members:cat:<id>,
  members:shop:<id>, each related card's tags.
- buy box hole (stock, "only N left", quantity limit) — product, language, currency —
  stock:<id>, product:<id>: a sale renders it again, the page around it stays; a page
  rendered again for another reason uses it as kept (holes.render_hole).
- listing, search and shop pages — as pages — listings, list:all | list:cat:<id> |
  list:shop:<id> (search: + search), each card's tags.
- card (catalogue/fragments.py) — product, language, currency — card:<id>, shop:<id> (+ rates).
- facet counts and a search's order (catalogue/listing_cache.py) — scope, filters, language,
  currency — listings, list:<scope> (+ search, rates).
- a listing page's ids (catalogue/listing_cache.py) — scope, filters, currency, sort, page —
  as its facet counts; shared by every language.
- each web process's copy of the fragments above (fragments.local) — as the fragment, under
  the cache's epoch — checked against the stamps in Redis on every use; dropped when Redis
  lost them (new epoch) — as the fragment.
- page shell (shell.py: base.html's head and header for anonymous visitors, kept by each
  process) — language, currency, escaping — constant (templates and translations change with
  a deploy) — its `{% per_request %}` parts and blocks are rendered on every answer.
- category tree (a Memo per process) — — catalogue (its stamp is read with the clock).
- exchange rates (core.selectors) — — deleted when a rate is saved (core.services).
- shared cache (edge.py: Varnish, a CDN) — URL and currency cookie — Surrogate-Key: the
  page's dependencies, banned by the purger after commit; s-maxage if a purge is lost.

Who stamps what: the apps that own the tables (catalogue/freshness.py, artisans, reviews) with
`register(model, ...)` for saves and deletes, and `changing(table)` around a QuerySet.update()
or raw SQL. A stock change that crosses no zero stamps only stock:<id>: no card, no listing and
no page but the buy box hole.

Round trips: a cacheable view may name what it reads first (`pages.register_first_read`: the
product page its rows, parts and holes), read in one round trip as soon as the page lookup
missed; a page served from the cache pays nothing for it. A product page the cache does not
hold makes two round trips to Redis, a listing two.

Personal parts (personal.py) never enter a shared entry: the CSRF token and the header's
account area are holes filled on each answer; a page served by a shared cache gets them from
GET /_personal/ (static/core/personal.js). Register a new personal part with
`personal.register_part(name, provider)` and apply it in a script listening for
`souk:personal`.

Outage: without Redis every read is a miss (logged) and the page is rendered; a stamp that
fails is logged, and entries then live their timeout (PAGE_CACHE_TIMEOUT).
"""

from .deps import Memo, changing, enabled, register, touch
from .fragments import (
    get_many,
    peek,
    prefetch,
    prefetch_keys_for,
    register_prefetch,
    set_many,
)
from .request import clock, depends_on

__all__ = [
    "Memo",
    "changing",
    "clock",
    "depends_on",
    "enabled",
    "get_many",
    "peek",
    "prefetch",
    "prefetch_keys_for",
    "register",
    "register_prefetch",
    "set_many",
    "touch",
]

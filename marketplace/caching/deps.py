"""Dependencies: one clock, one version per dependency, bumped after commit.

Every cached entry (a page, a card, a listing's facet counts, a hole) records the clock read
before anything it shows was read from the database, and the dependencies (tags) it showed.
A change bumps the clock once (INCR) and stamps each dependency it touched with the new value,
in one atomic Redis script, after its transaction commits. An entry is fresh while none of its
dependencies was stamped after its clock:

    fresh(entry)  ⇔  max(stamp(tag) for tag in entry.tags) ≤ entry.clock

Why this is correct across processes and transactions: a stamp is written after the change is
committed, and the clock only goes up. A reader that read the clock before the stamp may have
read old rows: its entry records a clock below the stamp and is stale as soon as the stamp
exists. A reader that read the clock after the stamp reads the committed rows. A rolled-back
transaction stamps nothing.

Writes are mapped to dependencies by the apps that own the tables: `register()` for a model's
save/delete (signals), `changing()` around a QuerySet.update() or raw SQL. A write the SQL watch
sees on a watched table that nobody declared stamps the global dependency (every entry carries
it) and logs the statement's table, so a forgotten declaration costs speed, never freshness.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

logger = logging.getLogger("marketplace.caching")

CLOCK_KEY = "caching:clock"
EPOCH_KEY = "caching:epoch"  # a new value whenever the cache lost its clock and stamps
STAMP_PREFIX = "caching:dep:"
EVERYTHING = "catalogue"  # carried by every entry: categories, materials, undeclared writes
WATCHED_TABLE_PREFIXES = ("catalogue_", "artisans_", "reviews_", "core_exchangerate")

_STAMP = """
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
local clock = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], clock) end
return clock
"""


def enabled() -> bool:
    """Whether anything is cached: on by default only with a shared cache (Redis)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", bool(getattr(settings, "REDIS_URL", "")))


def _start() -> int:
    # A clock lost with the cache restarts above any clock an entry can hold.
    return int(time.time() * 1000)


def read_clock() -> int:
    """Return the clock now (read it before reading what an entry will show)."""
    clock = cache.get(CLOCK_KEY)
    if clock is None:
        cache.add(CLOCK_KEY, _start(), timeout=None)
        clock = cache.get(CLOCK_KEY)
        if clock is None:  # emptied again meanwhile: the next stamp restarts above this
            return _start()
    return int(clock)


def read_epoch(found: str | None = None) -> str:
    """Return the cache's epoch (`found`: the value just read, None if it was missing).

    Copies kept in a process (fragments.local) are only trusted under the epoch they were read
    in: a cache emptied or restarted lost its stamps, so those copies could not be checked.
    """
    if found is None:
        token = secrets.token_hex(8)
        found = token if cache.add(EPOCH_KEY, token, timeout=None) else cache.get(EPOCH_KEY)
        if found is None:  # emptied again meanwhile: an epoch nothing was kept under
            return secrets.token_hex(8)
    return str(found)


def stamp_key(tag: str) -> str:
    return STAMP_PREFIX + tag


def stamps(tags: Iterable[str], extra: Iterable[str] = ()) -> dict[str, int]:
    """Return the stamp of each tag (0 if never changed), and the raw values of `extra` keys."""
    tags = list(tags)
    keys = [stamp_key(t) for t in tags] + list(extra)
    found = cache.get_many(keys) if keys else {}
    out = {t: int(found.get(stamp_key(t)) or 0) for t in tags}
    out.update({k: found[k] for k in extra if k in found})
    return out


def is_fresh(clock: int, tags: Iterable[str], stamped: dict[str, int]) -> bool:
    """Whether an entry made at `clock` showing `tags` is still true."""
    return all(stamped.get(tag, 0) <= clock for tag in tags)


# Per-process copies to drop on every stamp (pages.py registers its own at import): the
# registration keeps deps from importing pages, which imports deps (bench/import_cycles.py).
_local_copies: list[Callable[[set[str]], None]] = []


def on_stamp_forget(forget: Callable[[set[str]], None]) -> None:
    """Have `forget(tags)` called after every stamp (it distrusts a per-process copy of the
    entries showing those tags)."""
    _local_copies.append(forget)


def _stamp_now(tags: set[str]) -> None:
    """Bump the clock and stamp `tags` with it, atomically; then let the purgers know."""
    if enabled():
        try:
            client = getattr(cache, "_cache", None)
            if client is not None and hasattr(client, "get_client"):
                keys = [cache.make_key(CLOCK_KEY), *(cache.make_key(stamp_key(t)) for t in tags)]
                client.get_client(write=True).eval(_STAMP, len(keys), *keys, _start())
            else:  # local memory (one process, tests without Redis): same order of writes
                cache.add(CLOCK_KEY, _start(), timeout=None)
                clock = cache.incr(CLOCK_KEY)
                cache.set_many({stamp_key(t): clock for t in tags}, timeout=None)
        except Exception:
            # The change is committed and must not turn into a 500. Entries expire on their own
            # (PAGE_CACHE_TIMEOUT), and the per-process copies are dropped below.
            logger.exception("caching: could not stamp %s; entries expire on their timeout", tags)
        for forget in _local_copies:
            forget(tags)
    from . import edge

    edge.purge(tags)


# --- Declaring changes ----------------------------------------------------------------------------


class _Pending:
    """What the current transaction on one connection changed, until it commits."""

    __slots__ = ("covered", "tags", "undeclared")

    def __init__(self) -> None:
        self.tags: set[str] = set()
        self.covered: set[str] = set()
        self.undeclared: set[str] = set()


def _pending(using: str | None = None) -> _Pending:
    connection = transaction.get_connection(using)
    pending = getattr(connection, "_souk_caching", None)
    if pending is None:
        pending = connection._souk_caching = _Pending()
    return pending


def _flush(using: str | None = None) -> None:
    connection = transaction.get_connection(using)
    pending: _Pending | None = getattr(connection, "_souk_caching", None)
    if pending is None:
        return
    connection._souk_caching = _Pending()
    tags = set(pending.tags)
    undeclared = pending.undeclared - pending.covered
    if undeclared and enabled():  # without a cache (the demo) nothing is kept: nothing to say
        logger.warning(
            "caching: undeclared write to %s: every cached entry goes stale "
            "(declare it with caching.register() or caching.changing())",
            ", ".join(sorted(undeclared)),
        )
    if undeclared:
        tags.add(EVERYTHING)
    if tags:
        _stamp_now(tags)


def _schedule(using: str | None = None) -> None:
    """Flush after the current transaction commits (at once outside a transaction)."""
    from marketplace.core.transactions import on_commit_once

    if using in (None, DEFAULT_DB_ALIAS):
        on_commit_once(_flush_default)  # the same callable: queued once per transaction
    else:
        on_commit_once(lambda: _flush(using), using=using)


def _flush_default() -> None:
    _flush(None)


def touch(*tags: str, using: str | None = None) -> None:
    """Stamp these dependencies after the current transaction commits (now, outside one)."""
    pending = _pending(using)
    pending.tags.update(t for t in tags if t)
    _schedule(using)


class _Change:
    def __init__(self, using):
        self.using = using
        self.tags: set[str] = set()

    def touch(self, *tags: str) -> None:
        """Add dependencies this change touched (stamped when the block ends and commits)."""
        self.tags.update(t for t in tags if t)


@contextlib.contextmanager
def changing(*tables: str, using: str | None = None) -> Iterator[_Change]:
    """Declare writes to `tables` made in the block; `.touch()` what they changed.

    The stamps are scheduled when the block ends, after its writes (so outside a transaction
    they never precede the write they describe).
    """
    pending = _pending(using)
    pending.covered.update(tables)
    change = _Change(using)
    yield change
    touch(*change.tags, using=using)


# --- Models ------------------------------------------------------------------------------------

_REGISTRY: dict[type, tuple[Callable, Callable | None]] = {}


def register(model, tags: Callable, *, before: Callable | None = None) -> None:
    """Map saves and deletes of `model` to dependencies.

    `before(instance)` (optional) runs before a save or delete and returns what `tags` needs of
    the row as it was (None for a new row); `tags(instance, old, deleted)` returns the
    dependencies the write changed. Both run in the writer's transaction.
    """
    _REGISTRY[model] = (tags, before)
    uid = f"caching:{model._meta.label}"
    pre_save.connect(_pre, sender=model, dispatch_uid=uid + ":pre_save", weak=False)
    pre_delete.connect(_pre, sender=model, dispatch_uid=uid + ":pre_delete", weak=False)
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + ":post_save", weak=False)
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + ":post_delete", weak=False)


def _pre(sender, instance, using=None, raw=False, **kwargs):
    _tags, before = _REGISTRY[sender]
    _pending(using).covered.add(sender._meta.db_table)
    if before is not None and instance.pk is not None and not raw:
        instance._souk_before = before(instance)


def _post_save(sender, instance, using=None, raw=False, **kwargs):
    tags, _before = _REGISTRY[sender]
    old = instance.__dict__.pop("_souk_before", None)
    touch(*tags(instance, old, False), using=using)


def _post_delete(sender, instance, using=None, **kwargs):
    tags, _before = _REGISTRY[sender]
    old = instance.__dict__.pop("_souk_before", None)
    touch(*tags(instance, old, True), using=using)


# --- The SQL watch: the net under the declarations --------------------------------------------


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    head = sql[:7].lstrip()[:6].upper() if sql else ""
    if head in ("INSERT", "UPDATE", "DELETE"):
        table = _written_table(sql)
        if table and table.startswith(WATCHED_TABLE_PREFIXES):
            alias = context["connection"].alias
            pending = _pending(alias)
            if table not in pending.covered:
                pending.undeclared.add(table)
                _schedule(alias)
    return result


_WRITE_RE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?`?(\w+)', re.IGNORECASE)


def _written_table(sql: str) -> str | None:
    match = _WRITE_RE.match(sql)
    return match.group(1).lower() if match else None


def install_write_watch(sender=None, connection=None, **kwargs) -> None:
    """Install the write watch on a database connection (connection_created receiver)."""
    if connection is not None and _watch_writes not in connection.execute_wrappers:
        # At the front, so a surrounding `with connection.execute_wrapper(...)` pops its own.
        connection.execute_wrappers.insert(0, _watch_writes)


# --- Values kept in a process while a dependency holds ------------------------------------------


class Memo:
    """One value computed in this process and kept while `tag` is not stamped again.

    For values every page needs and that change rarely (the category tree): the tag's stamp is
    read with the request's clock (one round trip for both), so no extra read is made.
    """

    def __init__(self, compute: Callable[[], object], tag: str = EVERYTHING):
        self._compute = compute
        self.tag = tag
        self._entry: tuple[int, object] | None = None  # swapped whole: safe across threads

    def get(self, stamp: int | None):
        """Return the value for the tag's current `stamp` (None: compute it, keep nothing)."""
        if stamp is None:
            return self._compute()
        entry = self._entry
        if entry is None or entry[0] != stamp:
            entry = self._entry = (stamp, self._compute())
        return entry[1]

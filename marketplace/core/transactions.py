"""Work to do once the current transaction commits; lock and statement timeouts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from .errors import Busy

# PostgreSQL's codes for "lock_timeout reached" and "statement_timeout (or cancel) reached".
_TIMEOUT_SQLSTATES = {"55P03", "57014"}


def on_commit_once(func: Callable[[], None], *, using: str | None = None) -> None:
    """Run `func` when the current transaction commits, once however often it is asked.

    `func` is found again by identity among the transaction's commit hooks, so pass the same
    callable every time. Outside a transaction it runs at once (the write has committed).
    robust: a failure is logged and never undoes or breaks the commit that called for it.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        try:
            if any(entry[1] is func for entry in connection.run_on_commit):
                return
        except (AttributeError, IndexError, TypeError):
            pass
    transaction.on_commit(func, using=using, robust=True)


def is_db_timeout(exc: BaseException) -> bool:
    """Tell whether a database error is a lock or statement timeout (not a real failure)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in _TIMEOUT_SQLSTATES


@contextlib.contextmanager
def db_timeouts(
    *, lock_ms: int | None = None, statement_ms: int | None = None, using: str | None = None
) -> Iterator[None]:
    """Bound lock waits and statements for the rest of this transaction; timeouts become Busy.

    Call just inside `transaction.atomic()` on a path a person waits for (checkout, paying,
    refunds): PostgreSQL then gives up after DB_LOCK_TIMEOUT_MS waiting for a row another
    request holds (SET LOCAL: only this transaction), and the caller answers 503 with
    Retry-After instead of holding a web worker. Nothing to do on SQLite.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        lock = lock_ms if lock_ms is not None else settings.DB_LOCK_TIMEOUT_MS
        statement = statement_ms if statement_ms is not None else settings.DB_STATEMENT_TIMEOUT_MS
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true),"
                " set_config('statement_timeout', %s, true)",
                [f"{int(lock)}ms", f"{int(statement)}ms"],
            )
    try:
        yield
    except OperationalError as exc:
        if is_db_timeout(exc):
            raise Busy() from exc
        raise


def commit_without_waiting_for_disk(*, using: str | None = None) -> None:
    """Let this transaction's COMMIT return before its WAL reaches the disk (SET LOCAL).

    Call just inside `transaction.atomic()`, and only for rows whose loss in a crash costs a
    person a retry and nothing else: a cart line. Never for an order, stock, a payment, money
    or anything another system was told about. PostgreSQL stays consistent either way; what a
    crash can lose is the last ~0.6 s (3 × wal_writer_delay) of such commits, and any later
    commit that waits for the disk (a checkout) flushes theirs too. The commit otherwise waits
    for an fsync, which holds a web worker (a third of a cart write's time on a shared disk).
    Only in the outermost block: SET LOCAL covers the whole transaction, so inside a caller's
    transaction (which may write what must not be lost) it does nothing. Nothing to do on
    SQLite or outside a transaction.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")

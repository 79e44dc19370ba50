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

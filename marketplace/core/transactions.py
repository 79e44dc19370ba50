"""Work to do once the current transaction commits."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


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

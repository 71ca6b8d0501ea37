"""One write transaction on a SQLite connection, shared by the register, the accounts and the
audit trail: BEGIN IMMEDIATE takes the write lock at once (no upgrade deadlock between
processes), an exception rolls everything back."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext


@contextmanager
def write_transaction(db: sqlite3.Connection,
                      lock: threading.Lock | threading.RLock | None = None
                      ) -> Iterator[sqlite3.Connection]:
    """`lock` serialises the threads that share `db`."""
    with lock or nullcontext():
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

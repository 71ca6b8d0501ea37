"""SQLite habits shared by the register, the search index, the accounts and the audit trail:
one write transaction (BEGIN IMMEDIATE takes the write lock at once, so there is no upgrade
deadlock between processes; an exception rolls everything back), and opening a database with
a bounded retry while another process holds it."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TypeVar

T = TypeVar("T")


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


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite answered BUSY or LOCKED: another connection holds the database."""
    # the primary code: extended ones such as SQLITE_BUSY_RECOVERY carry it in the low byte
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY,
                                                           sqlite3.SQLITE_LOCKED)


def retry_while_busy(attempt: Callable[[], T], seconds: float) -> T:
    """Calls `attempt` until it returns, pausing ever longer (up to half a second) while it
    fails BUSY or LOCKED, for about `seconds`. Switching a fresh file to WAL, and the first
    read of a WAL file another process is recovering, fail at once with "database is
    locked" without waiting on the busy timeout (SQLite documents both cases), so processes
    starting together on a new file need this. Any other error, and the last busy one after
    the time is up, is raised for the caller to word (`is_busy` tells which it is);
    `attempt` closes what it opened when it fails."""
    deadline, pause = time.monotonic() + seconds, 0.01
    while True:
        try:
            return attempt()
        except sqlite3.Error as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)

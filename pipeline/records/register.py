"""The number register: an embedded SQLite database that hands out Vorlagennummern.

A number is given out once and never reused; within a series the sequence has no gaps; a
draft keeps its number on every rebuild. Each assignment runs in one `BEGIN IMMEDIATE`
transaction, so concurrent builds queue instead of handing out a number twice, and the
unique constraints make a double assignment impossible even if the code were wrong.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from collections.abc import Callable, Iterator

from ..errors import UserError

SCHEMA = """
CREATE TABLE IF NOT EXISTS nummern (
    nummer    TEXT PRIMARY KEY,
    serie     TEXT NOT NULL,
    lfd       INTEGER NOT NULL,
    entwurf   TEXT NOT NULL UNIQUE,
    hausstil  TEXT NOT NULL,
    herkunft  TEXT NOT NULL CHECK (herkunft IN ('register', 'entwurf', 'folge')),
    basis     TEXT REFERENCES nummern(nummer),
    version   INTEGER NOT NULL DEFAULT 0,
    vergeben  TEXT NOT NULL,
    UNIQUE (serie, lfd, version),
    UNIQUE (basis, version)
);
"""


@dataclass(frozen=True)
class Entry:
    nummer: str
    serie: str
    lfd: int
    entwurf: str
    hausstil: str
    herkunft: str
    basis: str | None
    version: int
    vergeben: str


COLUMNS = ", ".join(Entry.__annotations__)
WAIT_SECONDS = 60


def _is_busy(exc: sqlite3.Error) -> bool:
    # the primary code: extended ones such as SQLITE_BUSY_RECOVERY carry it in the low byte
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY,
                                                           sqlite3.SQLITE_LOCKED)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Register:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Der Ordner für das Nummernregister {self.path} lässt sich nicht "
                            f"anlegen ({exc.strerror})") from exc
        # The connection is shared by a batch's threads; `transaction` serialises writers.
        self._lock = threading.RLock()
        self._schemas: set[str] = set()
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Connects and makes sure the database is in WAL mode with our tables. Switching a
        fresh file to WAL, and the first read of a WAL file another process is recovering,
        can fail at once with "database is locked" without waiting on the busy timeout
        (SQLite documents both cases), so eight processes starting on a new register need
        this retry; the wait is bounded by the same timeout the transactions get."""
        deadline = time.monotonic() + WAIT_SECONDS
        pause = 0.01
        while True:
            db = None
            try:
                # isolation_level=None: we issue BEGIN ourselves, so a transaction is one block
                db = sqlite3.connect(self.path, timeout=WAIT_SECONDS, isolation_level=None,
                                     check_same_thread=False)
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
                db.executescript(SCHEMA)
            except sqlite3.Error as exc:
                if db is not None:
                    db.close()
                if not _is_busy(exc):
                    # a file that is not a database, a folder, no write permission, ...
                    raise UserError(f"Das Nummernregister {self.path} lässt sich nicht "
                                    f"öffnen ({exc}); in vorlage.yaml steht unter "
                                    "„register“, welche Datei gemeint ist") from exc
                if time.monotonic() > deadline:
                    raise UserError(f"Das Nummernregister {self.path} ist seit {WAIT_SECONDS} s "
                                    "gesperrt; läuft noch ein anderer Lauf?") from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.5)
                continue
            self._schemas.add(SCHEMA)
            return db

    def ensure_schema(self, schema: str) -> None:
        """Creates the tables a module keeps in this database, once per connection. Under
        the lock: executescript commits first, which must not cut into another thread's
        transaction."""
        with self._lock:
            if schema not in self._schemas:
                self.db.executescript(schema)
                self._schemas.add(schema)

    def close(self) -> None:
        # Under the lock: a build thread still inside a transaction when the run is
        # interrupted finishes it first (an archived file and its row stay together).
        with self._lock:
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")

    def _entry(self, column: str, value: str) -> Entry | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM nummern WHERE {column} = ?",
                              (value,)).fetchone()
        return Entry(*row) if row else None

    def entry(self, number: str) -> Entry | None:
        return self._entry("nummer", number)

    def entry_of(self, draft_key: str) -> Entry | None:
        return self._entry("entwurf", draft_key)

    def number_of(self, draft_key: str) -> str | None:
        entry = self.entry_of(draft_key)
        return entry.nummer if entry else None

    def holder_of(self, number: str) -> str | None:
        entry = self.entry(number)
        return entry.entwurf if entry else None

    def assign(self, draft_key: str, series: str, make: Callable[[int], str],
               house_style: str) -> str:
        """The draft's number: the one it holds, or the next free one of its series."""
        with self.transaction() as db:
            held = self.number_of(draft_key)
            if held:
                return held
            (last,) = db.execute("SELECT COALESCE(MAX(lfd), 0) FROM nummern "
                                 "WHERE serie = ? AND version = 0", (series,)).fetchone()
            number = make(last + 1)
            db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                       "vergeben) VALUES (?, ?, ?, ?, ?, 'register', ?)",
                       (number, series, last + 1, draft_key, house_style, _now()))
            return number

    def claim(self, draft_key: str, number: str, series: str, lfd: int,
              house_style: str) -> str:
        """Records a number the draft already carries (given out before this tool)."""
        with self.transaction() as db:
            holder = self.holder_of(number)
            if holder and holder != draft_key:
                raise UserError(f"Vorlagennummer {number} gehört im Register schon zu "
                                f"{holder}")
            held = self.number_of(draft_key)
            if held and held != number:
                raise UserError(f"{draft_key} hat im Register schon die Nummer {held}, "
                                f"im Entwurf steht {number}")
            if not held:
                db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, "
                           "herkunft, vergeben) VALUES (?, ?, ?, ?, ?, 'entwurf', ?)",
                           (number, series, lfd, draft_key, house_style, _now()))
            return number

    def assign_follow_up(self, draft_key: str, base: str, make: Callable[[int], str],
                         house_style: str) -> str:
        """Number of a follow-up Vorlage (Ergänzung/Änderung): the base plus a version."""
        with self.transaction() as db:
            held = self.number_of(draft_key)
            if held:
                return held
            row = db.execute("SELECT serie, lfd FROM nummern WHERE nummer = ?",
                             (base,)).fetchone()
            if row is None:
                raise UserError(f"Vorlagennummer {base} steht nicht im Register")
            (last,) = db.execute("SELECT COALESCE(MAX(version), 0) FROM nummern "
                                 "WHERE basis = ?", (base,)).fetchone()
            number = make(last + 1)
            db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                       "basis, version, vergeben) VALUES (?, ?, ?, ?, ?, 'folge', ?, ?, ?)",
                       (number, row[0], row[1], draft_key, house_style, base, last + 1, _now()))
            return number

    def entries(self) -> list[Entry]:
        rows = self.db.execute(f"SELECT {COLUMNS} FROM nummern "
                               "ORDER BY serie, lfd, version").fetchall()
        return [Entry(*row) for row in rows]

"""The number register: an embedded SQLite database that hands out Vorlagennummern.

A number is given out once and never reused; within a series the sequence has no gaps; a
draft keeps its number on every rebuild. Numbers typed in drafts are recorded as what they are
(`herkunft`, see schema.py HERKUNFT): of the pattern, typed follow-ups, numbers from before
this tool in a series of their own, and numbers a `bezug` names that no draft here holds
(`extern`), so none of them is ever given out again. Each assignment runs in one `BEGIN IMMEDIATE`
transaction, so concurrent builds queue instead of handing out a number twice, and the
unique constraints make a double assignment impossible even if the code were wrong.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from collections.abc import Callable

from ..errors import UserError
from .sqlite import is_busy, retry_while_busy, write_transaction
from .schema import VERSION, migrate, version_of


@dataclass(frozen=True)
class Entry:
    nummer: str
    serie: str
    lfd: int
    entwurf: str | None  # None: `extern`, a Vorlage from before the tool named by a bezug
    hausstil: str
    herkunft: str
    basis: str | None
    version: int
    vergeben: str


COLUMNS = ", ".join(Entry.__annotations__)
WAIT_SECONDS = 60
ELSEWHERE = "einer früheren Vorlage (vor dem Werkzeug, nicht im Archiv)"
# How `vorlage number` names an entry's herkunft (schema.py HERKUNFT); given out: nothing.
KINDS = {"entwurf": "eingetragen", "entwurf_folge": "eingetragen",
         "frueher": "eingetragen, vor dem Werkzeug",
         "extern": "frühere Vorlage, nicht im Archiv"}


def own_series(number: str) -> str:
    """The series of a number that fits no pattern of today: its own, so it is never
    counted with the numbers this tool gives out (a pattern's series holds a `#`)."""
    return f"einzeln:{number}"


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
        self.readonly = False
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Connects and makes sure the database is in WAL mode at the current schema
        version, retrying while another process holds it (eight processes may start on a new
        register together; see retry_while_busy); the wait is bounded by the same timeout
        the transactions get."""
        try:
            return retry_while_busy(self._connect, WAIT_SECONDS)
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise UserError(f"Das Nummernregister {self.path} ist seit {WAIT_SECONDS} s "
                                "gesperrt; läuft noch ein anderer Lauf?") from exc
            # a file that is not a database, a folder, no write permission, ...
            raise UserError(f"Das Nummernregister {self.path} lässt sich nicht "
                            f"öffnen ({exc}); in vorlage.yaml steht unter "
                            "„register“, welche Datei gemeint ist") from exc

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN ourselves, so a transaction is one block
        db = sqlite3.connect(self.path, timeout=WAIT_SECONDS, isolation_level=None,
                             check_same_thread=False)
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            if version_of(db) != VERSION:
                db.execute("BEGIN IMMEDIATE")  # one process migrates, the others wait
                try:
                    if version_of(db) != VERSION:
                        migrate(db, self.path)  # before foreign keys: see migrate
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            db.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            db.close()
            raise
        return db

    @classmethod
    def read_only(cls, path: Path) -> Register | None:
        """The register opened for reading only (`vorlage check`): None when there is none
        yet or it is of an older schema version (the next build migrates it)."""
        path = Path(path)
        if not path.is_file():
            return None
        self = cls.__new__(cls)
        self.path, self._lock, self.readonly = path, threading.RLock(), True
        try:
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                      timeout=WAIT_SECONDS, isolation_level=None,
                                      check_same_thread=False)
            if version_of(self.db) != VERSION:
                self.db.close()
                return None
        except sqlite3.Error as exc:
            raise UserError(f"Das Nummernregister {path} lässt sich nicht lesen ({exc})") \
                from exc
        return self

    def close(self) -> None:
        # Under the lock: a build thread still inside a transaction when the run is
        # interrupted finishes it first (an archived file and its row stay together).
        with self._lock:
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def transaction(self):
        return write_transaction(self.db, self._lock)

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

    def follow_up(self, base: str, version: int) -> Entry | None:
        return Entry(*row) if (row := self.db.execute(
            f"SELECT {COLUMNS} FROM nummern WHERE basis = ? AND version = ?",
            (base, version)).fetchone()) else None

    def at(self, series: str, lfd: int, version: int = 0) -> Entry | None:
        """The entry at a position of a series: numbers compare by (series, lfd, version),
        so 2025/1 and 2025/0001 are one number."""
        row = self.db.execute(f"SELECT {COLUMNS} FROM nummern WHERE serie = ? AND lfd = ? "
                              "AND version = ?", (series, lfd, version)).fetchone()
        return Entry(*row) if row else None

    def claim(self, draft_key: str, number: str, series: str, lfd: int,
              house_style: str, herkunft: str = "entwurf") -> str:
        """Records a number the draft already carries (given out before this tool):
        `entwurf` at its place in the pattern's series, `frueher` (fits no pattern) in a
        series of its own. A number recorded as `extern` becomes this draft's."""
        if herkunft == "frueher":
            series, lfd = own_series(number), 0
        with self.transaction() as db:
            conflict = conflicting_claim(self, draft_key, number, series, lfd)
            if conflict:
                raise UserError(conflict)
            if not self.number_of(draft_key):
                self._enter(db, number, series, lfd, draft_key, house_style, herkunft)
            return number

    def claim_follow_up(self, draft_key: str, number: str, base: str, version: int,
                        base_place: tuple[str, int], house_style: str) -> str:
        """Records a typed follow-up number (2015/0288-1) at its base's place; a base no
        draft here holds is entered as `extern` at `base_place` (series, lfd)."""
        with self.transaction() as db:
            held = self._base(db, base, base_place, house_style)
            conflict = conflicting_claim(self, draft_key, number, held.serie, held.lfd,
                                         version, base)
            if conflict:
                raise UserError(conflict)
            if not self.number_of(draft_key):
                self._enter(db, number, held.serie, held.lfd, draft_key, house_style,
                            "entwurf_folge", base, version)
            return number

    def assign_follow_up(self, draft_key: str, base: str, make: Callable[[int], str],
                         house_style: str, base_place: tuple[str, int] | None = None) -> str:
        """Number of a follow-up Vorlage (Ergänzung/Änderung): the base plus a version,
        counted over every follow-up of that base, typed or given. A base the register
        lacks is entered as `extern` at `base_place` (series, lfd), if given."""
        with self.transaction() as db:
            held = self.number_of(draft_key)
            if held:
                return held
            if base_place is None and self.entry(base) is None:
                raise UserError(f"Vorlagennummer {base} steht nicht im Register")
            row = self._base(db, base, base_place, house_style)
            (last,) = db.execute("SELECT COALESCE(MAX(version), 0) FROM nummern "
                                 "WHERE basis = ?", (base,)).fetchone()
            number = make(last + 1)
            self._enter(db, number, row.serie, row.lfd, draft_key, house_style, "folge", base,
                        last + 1)
            return number

    def _base(self, db, base: str, place: tuple[str, int] | None, house_style: str) -> Entry:
        held = self.entry(base)
        if held is None:
            if self.at(*place) is not None:  # the same number in another spelling
                raise UserError(f"Vorlagennummer {base} steht im Register schon als "
                                f"{self.at(*place).nummer}")
            self._enter(db, base, *place, None, house_style, "extern")
            held = self.entry(base)
        return held

    def _enter(self, db, number: str, series: str, lfd: int, draft_key: str | None,
               house_style: str, herkunft: str, basis: str | None = None,
               version: int = 0) -> None:
        if draft_key is not None and self.entry(number) is not None:  # an `extern` number
            db.execute("UPDATE nummern SET serie = ?, lfd = ?, entwurf = ?, hausstil = ?, "
                       "herkunft = ?, basis = ?, version = ?, vergeben = ? WHERE nummer = ? "
                       "AND entwurf IS NULL",
                       (series, lfd, draft_key, house_style, herkunft, basis, version, _now(),
                        number))
            return
        db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                   "basis, version, vergeben) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (number, series, lfd, draft_key, house_style, herkunft, basis, version,
                    _now()))

    def entries(self) -> list[Entry]:
        rows = self.db.execute(f"SELECT {COLUMNS} FROM nummern "
                               "ORDER BY serie, lfd, version").fetchall()
        return [Entry(*row) for row in rows]


def conflicting_claim(register: Register, draft_key: str, number: str, series: str,
                      lfd: int, version: int = 0, basis: str | None = None) -> str | None:
    """Why a draft may not carry a typed number, or None: the number (in any spelling) is
    another draft's, or the draft holds a different one; a number only named by a `bezug`
    (`extern`) may still become a draft's. `check` asks the same question."""
    same = register.entry(number) or (register.follow_up(basis, version) if basis
                                      else register.at(series, lfd))
    free = same is not None and same.entwurf is None and same.nummer == number
    if same is not None and same.entwurf != draft_key and not free:
        spelled = f" (als {same.nummer})" if same.nummer != number else ""
        return f"Vorlagennummer {number} gehört im Register schon zu " \
               f"{same.entwurf or ELSEWHERE}{spelled}"
    held = register.entry_of(draft_key)
    if held is not None and held.nummer != number:
        return f"{draft_key} hat im Register schon die Nummer {held.nummer}, im Entwurf steht " \
               f"{number}"
    return None

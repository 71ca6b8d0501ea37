"""The audit trail: who did what to which Vorlage, when. Its own SQLite file, so that restoring
a backup of the register never rolls it back.

Each entry carries the SHA-256 of its own content and of the entry before it, so editing or
removing an entry breaks the chain from there on. The newest entry's number and hash are also
written beside the database (`<datei>.kopf`), so removing entries from the end is found too.
`verify` walks the whole chain; `vorlage audit pruefen` reports what it found.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..files import atomic_save
from .sqlite import write_transaction

SCHEMA = """CREATE TABLE IF NOT EXISTS eintraege (
    nr INTEGER PRIMARY KEY, zeit TEXT NOT NULL, konto TEXT NOT NULL, aktion TEXT NOT NULL,
    gegenstand TEXT NOT NULL, daten TEXT NOT NULL, vorher TEXT NOT NULL, hash TEXT NOT NULL)"""
START = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    nr: int
    zeit: str
    konto: str
    aktion: str
    gegenstand: str
    daten: dict
    vorher: str
    hash: str


def _digest(nr: int, zeit: str, konto: str, aktion: str, gegenstand: str, daten: str,
            vorher: str) -> str:
    content = json.dumps([nr, zeit, konto, aktion, gegenstand, daten, vorher],
                         ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class AuditTrail:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.head = self.path.with_name(self.path.name + ".kopf")
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"Das Protokoll {self.path} lässt sich nicht öffnen ({exc})") \
                from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def write(self, konto: str, aktion: str, gegenstand: str, /, **daten) -> AuditEntry:
        """Appends one entry; the head file follows inside the same write lock. The data may
        use the parameters' names too (a sign-in by a signed-in user names the `konto`)."""
        text = json.dumps(daten, ensure_ascii=False, sort_keys=True, default=str)
        zeit = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with write_transaction(self.db, self._lock):
            last = self.db.execute("SELECT nr, hash FROM eintraege ORDER BY nr DESC "
                                   "LIMIT 1").fetchone() or (0, START)
            # Entries cut from the end: continue after what the head file says was
            # written, so the gap stays visible instead of being written over.
            try:
                head = self._read_head()
            except ValueError:  # verify reports it; the entries stay chained
                head = None
            if head is not None and head[0] >= last[0] and head != tuple(last):
                last = head
            nr = last[0] + 1
            digest = _digest(nr, zeit, konto, aktion, gegenstand, text, last[1])
            self.db.execute("INSERT INTO eintraege VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (nr, zeit, konto, aktion, gegenstand, text, last[1], digest))
            atomic_save(lambda p: Path(p).write_text(f"{nr} {digest}\n"), self.head)
        return AuditEntry(nr, zeit, konto, aktion, gegenstand, daten, last[1], digest)

    def entries(self, gegenstand: str | None = None) -> list[AuditEntry]:
        where, args = ("WHERE gegenstand = ?", (gegenstand,)) if gegenstand else ("", ())
        rows = self.db.execute(f"SELECT * FROM eintraege {where} ORDER BY nr", args)
        return [AuditEntry(*row[:5], self._data(row), *row[6:]) for row in rows]

    def _data(self, row) -> dict:
        try:
            return json.loads(row[5])
        except ValueError:
            raise UserError(f"Eintrag {row[0]} des Protokolls {self.path} ist unlesbar; "
                            "`vorlage audit pruefen` zeigt, was verändert wurde") from None

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM eintraege").fetchone()[0]

    def _read_head(self) -> tuple[int, str] | None:
        """(number, hash) of the newest entry as the head file says; None without one.
        Raises ValueError when it cannot be read as such."""
        if not self.head.exists():
            return None
        nr, _, digest = self.head.read_text().strip().partition(" ")
        return int(nr), digest

    def verify(self) -> list[str]:
        """Every break in the chain, in German; empty when the trail is whole."""
        problems, previous, expected = [], START, 1
        rows = self.db.execute("SELECT * FROM eintraege ORDER BY nr").fetchall()
        for nr, zeit, konto, aktion, gegenstand, daten, vorher, digest in rows:
            if nr != expected:
                problems.append(f"Eintrag {expected} bis {nr - 1} fehlen")
            if vorher != previous:
                problems.append(f"Eintrag {nr}: Verkettung zum vorigen Eintrag gebrochen")
            if _digest(nr, zeit, konto, aktion, gegenstand, daten, vorher) != digest:
                problems.append(f"Eintrag {nr} ({aktion}, {zeit}) wurde verändert")
            previous, expected = digest, nr + 1
        last = rows[-1] if rows else (0, "", "", "", "", "", "", START)
        try:
            head = self._read_head()
        except ValueError:
            problems.append(f"{self.head.name} ist unlesbar: das Ende des Protokolls ist "
                            "nicht belegt")
        else:
            if head is not None and head != (last[0], last[7]):
                problems.append(f"Das Protokoll endet bei Eintrag {last[0]}, geschrieben wurde "
                                f"bis Eintrag {head[0]}: Einträge am Ende entfernt oder "
                                "verändert")
        if not self.head.exists() and rows:
            problems.append(f"{self.head.name} fehlt: das Ende des Protokolls ist nicht belegt")
        return problems


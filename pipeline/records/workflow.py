"""The records of a Vorlage's way through the administration, in the register database: its
state, and each sign-off, Stellungnahme and Freigabe with the named person, the time and the
hash of what it covered. A reset keeps the row and says why, so the history stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .register import Register

STATES = ("entwurf", "in_mitzeichnung", "mitgezeichnet", "in_freigabe", "freigegeben",
          "final", "zurueckgegeben", "zurueckgezogen")


@dataclass(frozen=True)
class Signoff:
    id: int
    entwurf: str
    art: str          # mitzeichnung, beteiligung or freigabe
    stelle: str       # the Stelle (its Amt key), or for a Freigabe the step's role
    ergebnis: str     # erteilt, erteilt_mit_hinweis, verweigert, stellungnahme, freigegeben
    kommentar: str | None
    konto: str
    anzeigename: str
    fuer: str | None  # signed "i. V.": the account of the person deputised for
    zeit: str
    umfang_sha256: str
    zurueckgesetzt: str | None  # why it no longer counts; None while it does


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Records:
    """The workflow tables of one register."""

    def __init__(self, register: Register):
        self.register = register

    def state(self, key: str) -> tuple[str, str | None]:
        row = self.register.db.execute("SELECT zustand, kommentar FROM vorgaenge WHERE "
                                       "entwurf = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else ("entwurf", None)

    def signoffs(self, key: str, current: bool = True) -> list[Signoff]:
        """The draft's sign-offs in order; only those that still count, unless `current`
        is False (the history)."""
        where = " AND zurueckgesetzt IS NULL" if current else ""
        rows = self.register.db.execute(f"SELECT * FROM zeichnungen WHERE entwurf = ?{where} "
                                        "ORDER BY id", (key,)).fetchall()
        return [Signoff(*row) for row in rows]

    # The writers below run inside the caller's register transaction.
    @staticmethod
    def set_state(db, key: str, state: str, comment: str | None = None) -> None:
        assert state in STATES, state
        db.execute("INSERT INTO vorgaenge VALUES (?, ?, ?, ?) ON CONFLICT (entwurf) DO UPDATE "
                   "SET zustand = excluded.zustand, kommentar = excluded.kommentar, "
                   "geaendert = excluded.geaendert", (key, state, comment, _now()))

    @staticmethod
    def add(db, key: str, art: str, stelle: str, ergebnis: str, kommentar: str | None,
            konto: str, anzeigename: str, fuer: str | None, scope: str) -> None:
        db.execute("INSERT INTO zeichnungen (entwurf, art, stelle, ergebnis, kommentar, konto, "
                   "anzeigename, fuer, zeit, umfang_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?)", (key, art, stelle, ergebnis, kommentar, konto, anzeigename, fuer,
                             _now(), scope))

    @staticmethod
    def reset(db, ids: list[int], reason: str) -> None:
        db.executemany("UPDATE zeichnungen SET zurueckgesetzt = ? WHERE id = ?",
                       [(reason, i) for i in ids])

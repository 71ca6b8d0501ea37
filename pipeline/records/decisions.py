"""Beschlussverfolgung in the register database: for each decision the administration has to
carry out, its status, the Amt and due date where someone changed what the session file
gave, and dated notes by named people. The decision itself (what was decided, when) stays in
its session file; this holds only what happens to it afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .register import Register

STATUS = ("offen", "in Arbeit", "erledigt")


@dataclass(frozen=True)
class Tracked:
    status: str
    amt: str | None    # the Amt's key, where reassigned
    frist: str | None  # ISO date, where changed
    geaendert: str


@dataclass(frozen=True)
class Note:
    datum: str         # ISO date the note is about
    text: str
    status: str | None  # the status it set, if any
    konto: str
    anzeigename: str
    zeit: str


class Decisions:
    """The Beschlussverfolgung tables of one register."""

    def __init__(self, register: Register):
        self.register = register

    def tracked(self) -> dict[str, Tracked]:
        rows = self.register.db.execute(
            "SELECT kennung, status, amt, frist, geaendert FROM beschluesse").fetchall()
        return {row[0]: Tracked(*row[1:]) for row in rows}

    def notes(self) -> dict[str, list[Note]]:
        out: dict[str, list[Note]] = {}
        for row in self.register.db.execute(
                "SELECT kennung, datum, text, status, konto, anzeigename, zeit FROM "
                "beschluss_vermerke ORDER BY datum, id"):
            out.setdefault(row[0], []).append(Note(*row[1:]))
        return out

    def update(self, kennung: str, konto: str, anzeigename: str, *, status: str | None = None,
               text: str | None = None, datum: str | None = None, amt: str | None = None,
               frist: str | None = None) -> None:
        """Records a change in one transaction: the new status, Amt or due date, and a note
        (the text, or what changed) by `konto`, dated `datum` (today when not given). What
        it does not change is read inside the transaction, so two people saving at once
        never undo each other's change."""
        assert status is None or status in STATUS, status
        now = datetime.now(UTC)
        with self.register.transaction() as db:
            found = db.execute("SELECT status, amt, frist FROM beschluesse WHERE kennung = ?",
                               (kennung,)).fetchone()
            old = Tracked(*found, "") if found else Tracked("offen", None, None, "")
            row = (kennung, status or old.status, amt if amt is not None else old.amt,
                   frist if frist is not None else old.frist, now.isoformat(timespec="seconds"))
            db.execute("INSERT INTO beschluesse VALUES (?, ?, ?, ?, ?) ON CONFLICT (kennung) "
                       "DO UPDATE SET status = excluded.status, amt = excluded.amt, "
                       "frist = excluded.frist, geaendert = excluded.geaendert", row)
            db.execute("INSERT INTO beschluss_vermerke (kennung, datum, text, status, konto, "
                       "anzeigename, zeit) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (kennung, datum or now.date().isoformat(), text or "", status, konto,
                        anzeigename, row[-1]))

"""The register's account of the Aussonderung: each offer to the municipal archive (one
xdomea process, by its ProzessID), the records offered in it, the archive's appraisal
(A archivieren, V vernichten), what was handed over with which files, and the archive's
confirmation. Nothing here is ever deleted: a file removed from the local archive after the
archive confirmed it keeps its row with the time it was removed, so `archiv verify` knows
why it is gone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .register import Register


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Process:
    prozess_id: str
    jahr: int
    angeboten: str
    angeboten_von: str
    bewertet: str | None
    abgegeben: str | None
    abgegeben_von: str | None
    bestaetigt: str | None


@dataclass(frozen=True)
class Offered:
    prozess_id: str
    objekt_id: str
    art: str            # vorlage or niederschriften
    kennzeichen: str
    betreff: str
    bewertung: str | None
    abgegeben: str | None
    bestaetigt: str | None
    archivkennung: str | None


@dataclass(frozen=True)
class HandedFile:
    prozess_id: str
    objekt_id: str
    datei: str          # in the archive, as the manifest names it
    sha256: str
    name: str           # its name in the hand-over package
    entfernt: str | None


class Handover:
    def __init__(self, register: Register):
        self.register = register
        self.db = register.db

    def processes(self, year: int | None = None) -> list[Process]:
        where, args = ("WHERE jahr = ?", (year,)) if year is not None else ("", ())
        rows = self.db.execute(f"SELECT * FROM aussonderungen {where} ORDER BY angeboten",
                               args).fetchall()
        return [Process(*row) for row in rows]

    def process(self, prozess_id: str) -> Process | None:
        row = self.db.execute("SELECT * FROM aussonderungen WHERE prozess_id = ?",
                              (prozess_id,)).fetchone()
        return Process(*row) if row else None

    def objects(self, prozess_id: str | None = None) -> list[Offered]:
        where, args = ("WHERE prozess_id = ?", (prozess_id,)) if prozess_id else ("", ())
        rows = self.db.execute(f"SELECT * FROM aussonderung_objekte {where} ORDER BY rowid",
                               args).fetchall()
        return [Offered(*row) for row in rows]

    def files(self, prozess_id: str | None = None) -> list[HandedFile]:
        where, args = ("WHERE prozess_id = ?", (prozess_id,)) if prozess_id else ("", ())
        rows = self.db.execute(f"SELECT * FROM aussonderung_dateien {where} ORDER BY rowid",
                               args).fetchall()
        return [HandedFile(*row) for row in rows]

    def confirmed_files(self) -> dict[str, HandedFile]:
        """The handed-over files whose records the archive confirmed, by archive path: the
        local copies may go."""
        rows = self.db.execute(
            "SELECT d.* FROM aussonderung_dateien d JOIN aussonderung_objekte o "
            "ON o.prozess_id = d.prozess_id AND o.objekt_id = d.objekt_id "
            "WHERE o.bestaetigt IS NOT NULL").fetchall()
        return {row[2]: HandedFile(*row) for row in rows}

    def offer(self, prozess_id: str, year: int, by: str, objects) -> None:
        """Records an offer; `objects`: (objekt_id, art, kennzeichen, betreff). An offer
        made again for the same process replaces the records not yet appraised."""
        with self.register.transaction() as db:
            db.execute("INSERT INTO aussonderungen (prozess_id, jahr, angeboten, "
                       "angeboten_von) VALUES (?, ?, ?, ?) ON CONFLICT (prozess_id) DO UPDATE "
                       "SET angeboten = excluded.angeboten, angeboten_von = "
                       "excluded.angeboten_von", (prozess_id, year, _now(), by))
            db.execute("DELETE FROM aussonderung_objekte WHERE prozess_id = ? AND bewertung "
                       "IS NULL", (prozess_id,))
            db.executemany("INSERT OR IGNORE INTO aussonderung_objekte (prozess_id, objekt_id, "
                           "art, kennzeichen, betreff) VALUES (?, ?, ?, ?, ?)",
                           [(prozess_id, *o) for o in objects])

    def hand_over(self, prozess_id: str, by: str, appraisal: dict[str, str], files) -> None:
        """Records the archive's appraisal and the hand-over of the records it keeps, with
        their files (objekt_id, datei, sha256, name), in one transaction."""
        now = _now()
        with self.register.transaction() as db:
            db.executemany("UPDATE aussonderung_objekte SET bewertung = ? WHERE prozess_id = ? "
                           "AND objekt_id = ?",
                           [(code, prozess_id, oid) for oid, code in appraisal.items()])
            db.executemany("UPDATE aussonderung_objekte SET abgegeben = ? WHERE prozess_id = ? "
                           "AND objekt_id = ?",
                           [(now, prozess_id, oid) for oid, code in appraisal.items()
                            if code == "A"])
            db.execute("UPDATE aussonderungen SET bewertet = ?, abgegeben = ?, abgegeben_von "
                       "= ? WHERE prozess_id = ?", (now, now, by, prozess_id))
            db.execute("DELETE FROM aussonderung_dateien WHERE prozess_id = ?", (prozess_id,))
            db.executemany("INSERT INTO aussonderung_dateien (prozess_id, objekt_id, datei, "
                           "sha256, name) VALUES (?, ?, ?, ?, ?)",
                           [(prozess_id, *f) for f in files])

    def confirm(self, prozess_id: str, confirmed: dict[str, str | None]) -> None:
        """The archive confirmed these handed-over records (objekt_id: its Archivkennung)."""
        now = _now()
        with self.register.transaction() as db:
            db.executemany("UPDATE aussonderung_objekte SET bestaetigt = ?, archivkennung = ? "
                           "WHERE prozess_id = ? AND objekt_id = ? AND abgegeben IS NOT NULL",
                           [(now, mark, prozess_id, oid) for oid, mark in confirmed.items()])
            db.execute("UPDATE aussonderungen SET bestaetigt = ? WHERE prozess_id = ?",
                       (now, prozess_id))

    def removed(self, files: list[HandedFile]) -> None:
        now = _now()
        with self.register.transaction() as db:
            db.executemany("UPDATE aussonderung_dateien SET entfernt = ? WHERE prozess_id = ? "
                           "AND datei = ?", [(now, f.prozess_id, f.datei) for f in files])

"""The register's account of the Aussonderung: each offer to the municipal archive (one
xdomea process, by its ProzessID), the records offered in it, the archive's appraisal
(A archivieren, V vernichten), what was handed over with which files, the archive's receipt
of the package (0507) and its confirmation of each record imported (0506). Nothing here is
ever deleted: a file removed from the local archive after the archive confirmed it keeps
its row with when and by whom it was removed, so `archiv verify` knows why it is gone."""

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
    empfangen: str | None   # the archive received the 0503 (0507)
    bestaetigt: str | None  # the archive confirmed the import (0506)


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
    entfernt_von: str | None
    bewertung: str = "A"  # V: a document the archive had destroyed inside a kept Vorgang


class Handover:
    def __init__(self, register: Register):
        self.register = register
        self.db = register.db

    def _all(self, table: str, cls, prozess_id: str | None):
        where, args = ("WHERE prozess_id = ?", (prozess_id,)) if prozess_id else ("", ())
        rows = self.db.execute(f"SELECT * FROM {table} {where} ORDER BY rowid", args)
        return [cls(*row) for row in rows.fetchall()]

    def processes(self, year: int | None = None) -> list[Process]:
        return [p for p in self._all("aussonderungen", Process, None)
                if year is None or p.jahr == year]

    def process(self, prozess_id: str) -> Process | None:
        found = self._all("aussonderungen", Process, prozess_id)
        return found[0] if found else None

    def objects(self, prozess_id: str | None = None) -> list[Offered]:
        return self._all("aussonderung_objekte", Offered, prozess_id)

    def files(self, prozess_id: str | None = None) -> list[HandedFile]:
        return self._all("aussonderung_dateien", HandedFile, prozess_id)

    def confirmed_files(self) -> dict[str, HandedFile]:
        """The handed-over files whose records the archive confirmed it imported, by archive
        path: only their local copies may go."""
        rows = self.db.execute(
            "SELECT d.* FROM aussonderung_dateien d JOIN aussonderung_objekte o "
            "ON o.prozess_id = d.prozess_id AND o.objekt_id = d.objekt_id "
            "WHERE o.bestaetigt IS NOT NULL AND d.bewertung = 'A' ORDER BY d.rowid").fetchall()
        return {row[2]: HandedFile(*row) for row in rows}

    def offer(self, prozess_id: str, year: int, by: str, objects) -> None:
        """Records a new offer; `objects`: (objekt_id, art, kennzeichen, betreff)."""
        with self.register.transaction() as db:
            db.execute("INSERT INTO aussonderungen (prozess_id, jahr, angeboten, "
                       "angeboten_von) VALUES (?, ?, ?, ?)", (prozess_id, year, _now(), by))
            db.executemany("INSERT INTO aussonderung_objekte (prozess_id, objekt_id, art, "
                           "kennzeichen, betreff) VALUES (?, ?, ?, ?, ?)",
                           [(prozess_id, *o) for o in objects])

    def hand_over(self, prozess_id: str, by: str, appraisal: dict[str, str], files) -> None:
        """Records the archive's appraisal and the hand-over of the records it keeps, with
        their files (objekt_id, datei, sha256, name, bewertung: V for a document left out
        of a kept Vorgang), in one transaction; without files only the appraisal."""
        now = _now()
        with self.register.transaction() as db:
            db.executemany("UPDATE aussonderung_objekte SET bewertung = ?, abgegeben = ? "
                           "WHERE prozess_id = ? AND objekt_id = ?",
                           [(code, now if code == "A" else None, prozess_id, oid)
                            for oid, code in appraisal.items()])
            db.execute("UPDATE aussonderungen SET bewertet = ?, abgegeben = ?, abgegeben_von "
                       "= ? WHERE prozess_id = ?", (now, now, by, prozess_id))
            db.executemany("INSERT INTO aussonderung_dateien (prozess_id, objekt_id, datei, "
                           "sha256, name, bewertung) VALUES (?, ?, ?, ?, ?, ?)",
                           [(prozess_id, *f) for f in files])

    def received(self, prozess_id: str) -> None:
        """The archive received the package (0507); nothing may go for that alone."""
        with self.register.transaction() as db:
            db.execute("UPDATE aussonderungen SET empfangen = COALESCE(empfangen, ?) WHERE "
                       "prozess_id = ?", (_now(), prozess_id))

    def confirm(self, prozess_id: str, imported: dict[str, str | None]) -> None:
        """The archive imported these handed-over records (objekt_id: its Archivkennung)."""
        now = _now()
        with self.register.transaction() as db:
            db.executemany("UPDATE aussonderung_objekte SET bestaetigt = COALESCE(bestaetigt, "
                           "?), archivkennung = COALESCE(?, archivkennung) WHERE prozess_id = ? "
                           "AND objekt_id = ? AND abgegeben IS NOT NULL",
                           [(now, mark, prozess_id, oid) for oid, mark in imported.items()])
            db.execute("UPDATE aussonderungen SET bestaetigt = ? WHERE prozess_id = ?",
                       (now, prozess_id))

    def removed(self, file: HandedFile, by: str) -> None:
        with self.register.transaction() as db:
            db.execute("UPDATE aussonderung_dateien SET entfernt = ?, entfernt_von = ? WHERE "
                       "prozess_id = ? AND datei = ?", (_now(), by, file.prozess_id, file.datei))

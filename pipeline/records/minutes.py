"""The archive's second kind: approved Niederschriften, written once.

`archiv/<jahr>/niederschriften/<Sitzung>.pdf`, beside it the public version
(`.oeffentlich.pdf`) and the session file it was made from (`.yaml`), read-only, each
with its checksum in the manifest (`art: niederschrift`) and in the register's
`niederschriften` table. As with final Vorlagen, an archived Niederschrift is never made
again: a corrected one is a Berichtigung in a later session's approval.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, fields
from datetime import datetime, UTC
from pathlib import Path

from ..errors import UserError
from .manifest import NIEDERSCHRIFT


@dataclass(frozen=True)
class MinutesRecord:
    sitzung: str          # the session, by its file name without .yaml
    gremium: str
    datum: str            # ISO date of the session
    hausstil: str
    genehmigt_am: str     # ISO date of the session that approved it
    datei: str
    sha256: str
    groesse: int
    kopie_datei: str      # the public version
    kopie_sha256: str
    kopie_groesse: int
    sitzung_datei: str    # the session file it was made from
    sitzung_sha256: str
    zeit: str
    finalisiert_von: str

    def files(self) -> list[tuple[str, str, int | None]]:
        return [(self.datei, self.sha256, self.groesse),
                (self.kopie_datei, self.kopie_sha256, self.kopie_groesse),
                (self.sitzung_datei, self.sitzung_sha256, None)]


COLUMNS = [f.name for f in fields(MinutesRecord)]


def minutes_records(archive) -> list[MinutesRecord]:
    rows = archive.register.db.execute(f"SELECT {', '.join(COLUMNS)} FROM niederschriften "
                                       "ORDER BY datum, sitzung").fetchall()
    return [MinutesRecord(*row) for row in rows]


def minutes_record(archive, sitzung: str) -> MinutesRecord | None:
    row = archive.register.db.execute(f"SELECT {', '.join(COLUMNS)} FROM niederschriften "
                                      "WHERE sitzung = ?", (sitzung,)).fetchone()
    return MinutesRecord(*row) if row else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_minutes(archive, sitzung: str, full: Path, public: Path, session_file: Path,
                  about: dict) -> bool:
    """Archives an approved Niederschrift once: both PDFs and the session file, read-only,
    then the manifest entry, then the register row, under the register's write lock. False
    when it is archived already from the same session file; UserError when it was archived
    from another one (an archived Niederschrift is never replaced) or a target exists."""
    year = about["datum"][:4]
    stem = f"{year}/niederschriften/{sitzung}"
    data = {f"{stem}.pdf": full.read_bytes(), f"{stem}.oeffentlich.pdf": public.read_bytes(),
            f"{stem}.yaml": session_file.read_bytes()}
    names = list(data)
    row = {"sitzung": sitzung, **about,
           "datei": names[0], "sha256": _sha(data[names[0]]), "groesse": len(data[names[0]]),
           "kopie_datei": names[1], "kopie_sha256": _sha(data[names[1]]),
           "kopie_groesse": len(data[names[1]]),
           "sitzung_datei": names[2], "sitzung_sha256": _sha(data[names[2]]),
           "zeit": datetime.now(UTC).isoformat(timespec="seconds")}
    with archive.register.transaction() as db:
        existing = minutes_record(archive, sitzung)
        if existing is not None:
            if existing.sitzung_sha256 == row["sitzung_sha256"]:
                return False
            raise UserError(f"Die Niederschrift der Sitzung {sitzung} ist schon archiviert, "
                            "aus einer anderen Fassung der Sitzungsdatei; eine archivierte "
                            "Niederschrift wird nie ersetzt (Berichtigungen beschließt eine "
                            "spätere Sitzung)")
        if sitzung in archive.manifest.niederschriften():
            raise UserError(f"Die Niederschrift {sitzung} steht schon im Archiv-Manifest, "
                            "aber nicht im Register; `vorlage archiv verify` zeigt mehr")
        targets = {name: archive.file(name) for name in data}
        for target in targets.values():
            if os.path.lexists(target):
                raise UserError(f"Im Archiv liegt schon {target}; eine archivierte Datei "
                                "wird nie ersetzt, nichts wurde geschrieben")
        archive._write(targets, data)
        archive.manifest.append({"art": NIEDERSCHRIFT, **row})
        db.execute(f"INSERT INTO niederschriften ({', '.join(row)}) VALUES "
                   f"({', '.join('?' for _ in row)})", tuple(row.values()))
    return True


def minutes_faults(archive, known: set[Path]) -> list[str]:
    """What `archiv verify` finds wrong with the archived Niederschriften: register rows
    and manifest entries that disagree, and every file's checksum (Archive.file_faults)."""
    out = []
    manifest = archive.manifest.niederschriften()
    records = {r.sitzung: r for r in minutes_records(archive)}
    for sitzung, rec in records.items():
        entry = manifest.get(sitzung)
        if entry is None:
            out.append(f"Niederschrift {sitzung}: im Register archiviert, fehlt im Manifest")
            continue
        changed = [c for c in COLUMNS if entry.get(c) != getattr(rec, c)]
        if changed:
            out.append(f"Niederschrift {sitzung}: Register weicht vom Manifest ab "
                       f"({', '.join(changed)})")
    for sitzung, entry in manifest.items():
        if sitzung not in records:
            out.append(f"Niederschrift {sitzung}: im Manifest, fehlt im Register")
        rec = MinutesRecord(**{c: entry.get(c) for c in COLUMNS})
        out.extend(archive.file_faults(f"Niederschrift {sitzung}", rec.files(), known))
    return out

"""The archive of final Vorlagen: written once, read-only, every file registered.

`output/archiv/<jahr>/<Nummer>.pdf` plus one row per file in the register database: number,
version, SHA-256, size, time, the hashes of the draft, Anlagen and house style it was built
from, and who finalised it. A final Vorlage is never rebuilt with other content; corrections
come as follow-up Vorlagen (`vorlage amend`). `verify` recomputes every checksum.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from ..errors import UserError
from ..files import atomic_save, file_hash
from .names import file_name
from .register import Register

SCHEMA = """
CREATE TABLE IF NOT EXISTS archiv (
    nummer          TEXT PRIMARY KEY REFERENCES nummern(nummer),
    version         INTEGER NOT NULL DEFAULT 0,
    basis           TEXT,
    datei           TEXT NOT NULL UNIQUE,
    sha256          TEXT NOT NULL,
    groesse         INTEGER NOT NULL,
    zeit            TEXT NOT NULL,
    entwurf         TEXT NOT NULL,
    entwurf_sha256  TEXT NOT NULL,
    anlagen_sha256  TEXT NOT NULL,
    hausstil_sha256 TEXT NOT NULL,
    finalisiert_von TEXT NOT NULL,
    betreff         TEXT NOT NULL,
    vorlagenart     TEXT NOT NULL,
    datum           TEXT NOT NULL,
    gremien         TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Record:
    nummer: str
    version: int
    basis: str | None
    datei: str
    sha256: str
    groesse: int
    zeit: str
    entwurf: str
    entwurf_sha256: str
    anlagen_sha256: str
    hausstil_sha256: str
    finalisiert_von: str
    betreff: str
    vorlagenart: str
    datum: str
    gremien: str

    def inputs(self) -> tuple:
        return self.entwurf_sha256, self.anlagen_sha256, self.hausstil_sha256


def current_user(by: str | None = None) -> str:
    if by:
        return by
    for name in ("VORLAGE_BENUTZER", "USER", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "unbekannt"


class Archive:
    def __init__(self, register: Register, folder: Path):
        self.register = register
        self.folder = Path(folder)
        register.ensure_schema(SCHEMA)

    def path_for(self, nummer: str, year: int) -> Path:
        return self.folder / str(year) / f"{file_name(nummer)}.pdf"

    def record(self, nummer: str) -> Record | None:
        row = self.register.db.execute(f"SELECT {', '.join(Record.__annotations__)} FROM archiv "
                                       "WHERE nummer = ?", (nummer,)).fetchone()
        return Record(*row) if row else None

    def records(self) -> list[Record]:
        rows = self.register.db.execute(f"SELECT {', '.join(Record.__annotations__)} FROM archiv "
                                        "ORDER BY datum, nummer").fetchall()
        return [Record(*row) for row in rows]

    def store(self, source: Path, target: Path, record: dict) -> bool:
        """Writes the final PDF once, read-only, and registers it; False when another run
        archived the same Vorlage from the same inputs meanwhile. Check, write and register
        happen under the register's write lock, so two processes cannot both write the file.
        A file left unregistered by an interrupted run is replaced; a registered one never."""
        data = Path(source).read_bytes()
        row = {**record, "sha256": hashlib.sha256(data).hexdigest(), "groesse": len(data),
               "zeit": datetime.now(UTC).isoformat(timespec="seconds")}
        with self.register.transaction() as db:
            existing = self.record(record["nummer"])
            if existing is not None:
                if existing.inputs() == (record["entwurf_sha256"], record["anlagen_sha256"],
                                         record["hausstil_sha256"]):
                    return False
                raise UserError(f"{record['nummer']} wurde inzwischen mit anderem Inhalt "
                                "archiviert")
            atomic_save(lambda p: Path(p).write_bytes(data), target, durable=True)
            os.chmod(target, 0o444)
            db.execute(f"INSERT INTO archiv ({', '.join(row)}) VALUES "
                       f"({', '.join('?' for _ in row)})", tuple(row.values()))
        return True

    def verify(self) -> list[str]:
        """Missing, changed and unregistered files, one line each."""
        out = []
        registered = set()
        for rec in self.records():
            path = self.folder / rec.datei
            registered.add(path.resolve())
            if not path.exists():
                out.append(f"{path}: fehlt (Vorlage {rec.nummer})")
            elif file_hash(path) != rec.sha256 or path.stat().st_size != rec.groesse:
                out.append(f"{path}: verändert (Prüfsumme stimmt nicht, Vorlage {rec.nummer})")
        if self.folder.is_dir():
            for path in sorted(self.folder.rglob("*")):
                if path.is_file() and path.resolve() not in registered:
                    out.append(f"{path}: nicht registriert")
        return out

    def versions(self, nummer: str) -> list[Record]:
        base = self.record(nummer)
        root = base.basis if base and base.basis else nummer
        return [r for r in self.records() if r.nummer == root or r.basis == root]

    def export(self, year: int, out: Path) -> list[Record]:
        records = [r for r in self.records() if r.datum.startswith(f"{year}-")]
        out.mkdir(parents=True, exist_ok=True)
        rows = []
        for rec in records:
            shutil.copyfile(self.folder / rec.datei, out / Path(rec.datei).name)
            rows.append({"nummer": rec.nummer, "version": rec.version, "basis": rec.basis or "",
                         "betreff": rec.betreff, "vorlagenart": rec.vorlagenart,
                         "datum": rec.datum, "finalisiert": rec.zeit,
                         "gremien": json.loads(rec.gremien), "datei": Path(rec.datei).name,
                         "sha256": rec.sha256})
        data = json.dumps({"jahr": year, "vorlagen": rows}, indent=2, ensure_ascii=False)
        atomic_save(lambda p: Path(p).write_text(data, encoding="utf-8"), out / "index.json")
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["nummer", "version", "basis", "betreff", "vorlagenart", "datum",
                         "finalisiert", "gremien", "datei", "sha256"])
        for row in rows:
            writer.writerow([row["nummer"], row["version"], row["basis"], row["betreff"],
                             row["vorlagenart"], row["datum"], row["finalisiert"],
                             " | ".join(f"{g['gremium']} {g['sitzung']}" for g in row["gremien"]),
                             row["datei"], row["sha256"]])
        atomic_save(lambda p: Path(p).write_text(buffer.getvalue(), encoding="utf-8"),
                    out / "index.csv")
        return records

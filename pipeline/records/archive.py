"""The archive of final Vorlagen: written once, read-only, every file registered twice.
(Its second kind, approved Niederschriften, is minutes.py.)

`output/archiv/<jahr>/<Nummer>.pdf`, beside it the publication copy of a public Vorlage with
nichtöffentliche Anlagen (`<Nummer>.oeffentlich.pdf`) and the draft it was built from
(`<Nummer>.yaml`). Each final is entered in the archive's manifest (manifest.py) and in the
register database: number, hashes and sizes, the hashes of the draft, Anlagen and house
style it was built from, and who finalised it. A final Vorlage is never rebuilt; corrections
come as follow-up Vorlagen (`vorlage amend`). `verify` recomputes every checksum and
compares register and manifest.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import stat
from dataclasses import astuple, dataclass, fields
from datetime import datetime, UTC
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..files import atomic_create, file_hash
from .manifest import NAME as MANIFEST, Manifest
from .names import file_name
from .register import Register


def published_fields(stored: dict) -> dict[str, dict]:
    """Of the declared fields as archived (render.declared_record), those a public output
    (OParl, the archive index, the hand-over) may carry: key -> {beschriftung, wert}."""
    return {key: {"beschriftung": v["beschriftung"], "wert": v["wert"]}
            for key, v in stored.items() if v.get("oeffentlich") and v.get("wert")}


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
    oeffentlich: int | None = None      # None: archived before the archive recorded it
    kopie_datei: str | None = None      # publication copy; equal to datei without closed Anlagen
    kopie_sha256: str | None = None
    kopie_groesse: int | None = None
    entwurf_datei: str | None = None    # the archived draft
    anlagen: str | None = None          # JSON: [{nr, titel, oeffentlich, sha256}]; sha256
                                        # "": listed by its title only (nr: since 2026)
    freigabe: str | None = None         # JSON: who signed and released it (workflow: ja)
    felder: str | None = None           # JSON: {key: {beschriftung, wert, roh, oeffentlich}}

    def published_fields(self) -> dict[str, dict]:
        return published_fields(json.loads(self.felder) if self.felder else {})

    def files(self) -> list[tuple[str, str | None, int | None]]:
        """(file, sha256, size) of every file of this final; a draft's hash and size are
        checked through entwurf_sha256."""
        out = [(self.datei, self.sha256, self.groesse)]
        if self.kopie_datei and self.kopie_datei != self.datei:
            out.append((self.kopie_datei, self.kopie_sha256, self.kopie_groesse))
        if self.entwurf_datei:
            out.append((self.entwurf_datei, self.entwurf_sha256, None))
        return out


COLUMNS = [f.name for f in fields(Record)]


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
    def __init__(self, register: Register, folder: Path, project_root: Path | None = None):
        self.register = register
        self.folder = Path(folder)
        self.manifest = Manifest(self.folder)
        if not register.readonly and not self.manifest.exists():
            self._adopt(project_root)

    def path_for(self, nummer: str, year: int, suffix: str = ".pdf") -> Path:
        return self.folder / str(year) / f"{file_name(nummer)}{suffix}"

    def file(self, datei: str) -> Path:
        """The archived file a record names: always inside the archive folder, never
        through a symbolic link (a register row edited to ../../etc/x names nothing)."""
        parts = PurePosixPath(datei).parts
        if not parts or PurePosixPath(datei).is_absolute() or ".." in parts or "\\" in datei:
            raise UserError(f"Archiveintrag „{datei}“ zeigt aus dem Archiv heraus")
        path = self.folder
        for part in parts:
            path = path / part
            if path.is_symlink():
                raise UserError(f"{path}: symbolischer Verweis im Archiv; archivierte Dateien "
                                "sind gewöhnliche Dateien")
        return path

    def record(self, nummer: str) -> Record | None:
        row = self.register.db.execute(f"SELECT {', '.join(COLUMNS)} FROM archiv "
                                       "WHERE nummer = ?", (nummer,)).fetchone()
        return Record(*row) if row else None

    def records(self) -> list[Record]:
        rows = self.register.db.execute(f"SELECT {', '.join(COLUMNS)} FROM archiv "
                                        "ORDER BY datum, nummer").fetchall()
        return [Record(*row) for row in rows]

    def store(self, final: Path, record: dict, copy: Path | None = None,
              draft: Path | None = None) -> bool:
        """Archives a final Vorlage once: its PDF, its publication copy (`copy`, when it
        differs from the final) and the draft, read-only; then the manifest entry, then the
        register row. False when another run archived it from the same draft meanwhile.
        Everything happens under the register's write lock; nothing is written when any
        target exists, registered or not, or the manifest already holds the number."""
        files = {record["datei"]: Path(final)}
        if copy is not None:
            files[record["kopie_datei"]] = Path(copy)
        if draft is not None:
            files[record["entwurf_datei"]] = Path(draft)
        data = {name: path.read_bytes() for name, path in files.items()}
        row = {**record, "sha256": _sha(data[record["datei"]]),
               "groesse": len(data[record["datei"]]),
               "zeit": datetime.now(UTC).isoformat(timespec="seconds")}
        kopie = record.get("kopie_datei")
        if kopie:
            row["kopie_sha256"], row["kopie_groesse"] = _sha(data[kopie]), len(data[kopie])
        with self.register.transaction() as db:
            existing = self.record(record["nummer"])
            if existing is not None:
                if existing.entwurf_sha256 == record["entwurf_sha256"]:
                    return False
                raise UserError(f"{record['nummer']} wurde inzwischen mit anderem Inhalt "
                                "archiviert")
            if record["nummer"] in self.manifest.by_number():
                raise UserError(f"{record['nummer']} steht schon im Archiv-Manifest, aber "
                                "nicht im Register; `vorlage archiv abgleichen` zeigt die "
                                "Unterschiede")
            targets = {name: self.file(name) for name in data}
            for target in targets.values():
                if os.path.lexists(target):
                    raise UserError(f"Im Archiv liegt schon {target}; eine archivierte Datei "
                                    "wird nie ersetzt, nichts wurde geschrieben. `vorlage "
                                    "archiv abgleichen` zeigt, was Register und Archiv "
                                    "enthalten")
            self._write(targets, data)
            self.manifest.append(self._entry(row))
            db.execute(f"INSERT INTO archiv ({', '.join(row)}) VALUES "
                       f"({', '.join('?' for _ in row)})", tuple(row.values()))
        return True

    @staticmethod
    def _write(targets: dict[str, Path], data: dict[str, bytes]) -> None:
        written: list[Path] = []
        try:
            for name, target in targets.items():
                atomic_create(lambda p, b=data[name]: Path(p).write_bytes(b), target,
                              durable=True)
                written.append(target)
                os.chmod(target, 0o444)
        except BaseException:
            for target in written:  # ours, created under the lock a moment ago
                target.unlink(missing_ok=True)
            raise

    def _adopt(self, project_root: Path | None) -> None:
        """Registers made before the manifest: the register's rows become the manifest,
        with the archived draft where the draft file is still the one built from."""
        if not self.register.db.execute("SELECT 1 FROM archiv LIMIT 1").fetchone():
            return
        with self.register.transaction() as db:
            if self.manifest.exists():
                return
            for rec in self.records():
                row = dict(zip(COLUMNS, astuple(rec), strict=True))
                source = project_root / rec.entwurf if project_root else None
                if source is not None and source.is_file() \
                        and file_hash(source) == rec.entwurf_sha256:
                    name = (PurePosixPath(rec.datei).parent
                            / (PurePosixPath(rec.datei).stem + ".yaml")).as_posix()
                    target = self.file(name)
                    if not os.path.lexists(target):
                        self._write({name: target}, {name: source.read_bytes()})
                        row["entwurf_datei"] = name
                        db.execute("UPDATE archiv SET entwurf_datei = ? WHERE nummer = ?",
                                   (name, rec.nummer))
                self.manifest.append(self._entry(row))

    def _entry(self, row: dict) -> dict:
        """A manifest line: the archive row plus the number's place in the register, so the
        register can be rebuilt from the manifest alone."""
        held = self.register.entry(row["nummer"])
        return {**row, "serie": held.serie, "lfd": held.lfd, "hausstil": held.hausstil,
                "herkunft": held.herkunft}

    def verify(self) -> list[str]:
        """Missing, changed and unregistered files, links and other non-files, and register
        rows whose values disagree with the manifest; one line each. Every file the manifest
        names is checked, also where the register lacks its row."""
        out = []
        known = {(self.folder / MANIFEST)}
        manifest = self.manifest.by_number()
        records = {r.nummer: r for r in self.records()}
        for nummer, rec in records.items():
            entry = manifest.get(nummer)
            if entry is None:
                out.append(f"Vorlage {nummer}: im Register archiviert, fehlt im Manifest")
                continue
            changed = changed_columns(entry, rec)
            if changed:
                out.append(f"Vorlage {nummer}: Register weicht vom Manifest ab "
                           f"({', '.join(changed)})")
        # Finals the register lacks (a restored backup) are no fault of the archive's
        # files; the build refuses until `vorlage archiv abgleichen` has settled them.
        gone = self.removed_to_archive()  # once, not per final
        for nummer, entry in manifest.items():
            rec = Record(**{c: entry.get(c) for c in COLUMNS})
            out.extend(self.file_faults(f"Vorlage {nummer}", rec.files(), known, gone))
        from .minutes import minutes_faults  # the second kind builds on this module

        out.extend(minutes_faults(self, known))
        for root, dirs, names in os.walk(self.folder):
            for name in sorted(dirs + names):
                path = Path(root) / name
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    out.append(f"{path}: symbolischer Verweis im Archiv")
                elif stat.S_ISDIR(mode):
                    continue
                elif not stat.S_ISREG(mode):
                    out.append(f"{path}: keine gewöhnliche Datei")
                elif path not in known:
                    out.append(f"{path}: nicht registriert")
        return out

    def file_faults(self, what: str, files, known: set[Path], gone: dict | None = None
                    ) -> list[str]:
        """Faults of the (file, sha256, size) `files` of one archived record (`what`:
        „Vorlage 2020/0850“, „Niederschrift rat-2020-09-03“); each file joins `known`, so
        the folder walk does not call it unregistered."""
        out = []
        handed = self.removed_to_archive() if gone is None else gone
        for datei, sha, size in files:
            try:
                path = self.file(datei)
            except UserError as exc:
                out.append(f"{what}: {exc}")
                continue
            known.add(path)
            if datei in handed and not os.path.lexists(path):
                continue  # at the municipal archive, which confirmed it; the register says so
            out.extend(_file_faults(path, sha, size, what))
        return out

    def versions(self, nummer: str) -> list[Record]:
        base = self.record(nummer)
        root = base.basis if base and base.basis else nummer
        return [r for r in self.records() if r.nummer == root or r.basis == root]

    def read(self, datei: str, sha256: str | None) -> bytes:
        """An archived file's bytes, only if they are the archived ones."""
        path = self._regular(datei)
        data = path.read_bytes()
        if sha256 is not None and _sha(data) != sha256:
            raise _changed(path)
        return data

    def verified(self, datei: str, sha256: str) -> Path:
        """An archived file that still has its checksum (hashed once while it is unchanged,
        so a rebuild of many finals does not read them all again)."""
        path = self._regular(datei)
        if file_hash(path) != sha256:
            raise _changed(path)
        return path

    def _regular(self, datei: str) -> Path:
        path = self.file(datei)
        if path.is_symlink() or not path.is_file():
            why = self.handed_over_note(datei) or "fehlt oder ist keine gewöhnliche Datei"
            raise UserError(f"{path}: {why}")
        return path

    def removed_to_archive(self) -> dict:
        """The files handed to the municipal archive, confirmed by it and removed here since,
        by archive path (records.handover keeps them)."""
        from .handover import Handover  # builds on this module's Archive

        return {d: f for d, f in Handover(self.register).confirmed_files().items()
                if f.entfernt}

    def handed_over_note(self, datei: str) -> str | None:
        """Why an archived file is no longer here, when it went to the municipal archive;
        None for a file that is here (the register is asked only about a missing one)."""
        if os.path.lexists(self.file(datei)):
            return None
        gone = self.removed_to_archive().get(datei)
        if gone is None:
            return None
        return (f"an das Kommunalarchiv abgegeben (Aussonderung {gone.prozess_id}), lokale "
                f"Kopie am {gone.entfernt[:10]} entfernt")


def changed_columns(entry: dict, rec: Record) -> list[str]:
    """The register columns of a final whose values differ from its manifest entry."""
    return [c for c in COLUMNS if entry.get(c) != getattr(rec, c)]


def _changed(path: Path) -> UserError:
    return UserError(f"{path}: verändert (Prüfsumme stimmt nicht); `vorlage archiv verify` "
                     "zeigt alle Abweichungen")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_faults(path: Path, sha: str | None, size: int | None, what: str) -> list[str]:
    """`what`: whose file it is, „Vorlage 2020/0850“ or „Niederschrift rat-2020-09-03“."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return [f"{path}: fehlt ({what})"]
    if stat.S_ISLNK(mode):
        return []  # reported by the folder walk
    if not stat.S_ISREG(mode):
        return [f"{path}: keine gewöhnliche Datei ({what})"]
    if (sha is not None and file_hash(path) != sha) or (size is not None
                                                        and path.stat().st_size != size):
        return [f"{path}: verändert (Prüfsumme stimmt nicht, {what})"]
    return []

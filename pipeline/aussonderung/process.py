"""The steps of an Aussonderung, each recorded in the register.

1. `offer`: the 0501 for a year, a new xdomea process (ProzessID) offering every final
   Vorlage and Niederschriften-Vorgang of that year not yet appraised in an earlier one.
2. `hand_over`: the archive's 0502 read back; the 0503 with the records it keeps (A) and
   their archived PDF/A files, each read through the archive and its checksum compared;
   what it does not keep (V) stays out.
3. `confirm`: the archive's 0506 (imported, per record) or 0507 (package received).
4. `remove_confirmed`: only then may the local copies go; each removal is recorded, so
   `archiv verify` knows the file is at the archive, not lost.

A package is `<ProzessID>_<Nachrichtenname>.zip` with the message `<same>.xml` and the
primary files at its root, as xdomea 3.0.0 names them; it is written under a temporary name
and renamed into place, so a failed run leaves none.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import UserError
from ..files import atomic_save
from ..project import Project
from ..records import Archive
from ..records.handover import Handover, HandedFile
from .messages import file_stem, message, read_appraisal, read_confirmation
from .records import Vorgang, year_vorgaenge


@dataclass
class Written:
    prozess_id: str
    package: Path
    xml: Path
    vorgaenge: list[Vorgang]
    left_out: list[str]     # Kennzeichen of what the archive does not keep, or did not appraise


def _config(project: Project):
    config = project.config.aussonderung
    if config is None:
        raise UserError("Für die Aussonderung braucht vorlage.yaml `aussonderung:` mit "
                        "absender und empfaenger (behoerdenschluessel, name), wie mit dem "
                        "Archiv vereinbart")
    return config


def _version() -> str:
    try:
        return version("ratsvorlagen")
    except PackageNotFoundError:
        return "0"


def _vorgaenge(project: Project, archive: Archive, year: int) -> list[Vorgang]:
    config = _config(project)
    office = config.absender.organisationseinheit or config.absender.name
    return year_vorgaenge(project, archive, year, config.absender.behoerdenschluessel, office)


def _write_package(out: Path, stem: str, xml: bytes, files: dict[str, bytes]) -> Written:
    out.mkdir(parents=True, exist_ok=True)
    package, beside = out / f"{stem}.zip", out / f"{stem}.xml"

    def save(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w") as z:
            z.writestr(f"{stem}.xml", xml, zipfile.ZIP_DEFLATED)
            for name, data in files.items():  # PDF/A is compressed already
                z.writestr(name, data, zipfile.ZIP_STORED)
    atomic_save(save, package, durable=True)
    atomic_save(lambda p: Path(p).write_bytes(xml), beside)
    return Written(stem.split("_", 1)[0], package, beside, [], [])


def offer(project: Project, archive: Archive, year: int, out: Path, by: str) -> Written:
    config = _config(project)
    store = Handover(archive.register)
    settled = {o.objekt_id for o in store.objects() if o.bewertung is not None}
    vorgaenge = [v for v in _vorgaenge(project, archive, year) if v.id not in settled]
    if not vorgaenge:
        raise UserError(f"Für {year} ist nichts anzubieten: keine finale Vorlage und keine "
                        "genehmigte Niederschrift, die nicht schon bewertet ist")
    prozess = str(uuid.uuid4())
    xml = message("0501", prozess, config, vorgaenge, _version())
    written = _write_package(out, file_stem(prozess, "0501"), xml, {})
    store.offer(prozess, year, by, [(v.id, v.art, v.kennzeichen, v.betreff)
                                    for v in vorgaenge])
    written.vorgaenge = vorgaenge
    return written


def hand_over(project: Project, archive: Archive, year: int, appraisal_file: Path,
              out: Path, by: str) -> Written:
    config = _config(project)
    prozess, appraisal = read_appraisal(appraisal_file)
    store = Handover(archive.register)
    process = store.process(prozess)
    if process is None or process.jahr != year:
        raise UserError(f"{appraisal_file}: ProzessID {prozess} gehört zu keinem Angebot für "
                        f"{year} (`vorlage archiv aussondern --year {year} --out …` bietet an)")
    if process.abgegeben:
        raise UserError(f"{appraisal_file}: die Aussonderung {prozess} ist schon am "
                        f"{process.abgegeben[:10]} abgegeben worden")
    offered = {o.objekt_id: o for o in store.objects(prozess)}
    unknown = sorted(set(appraisal) - set(offered))
    if unknown:
        raise UserError(f"{appraisal_file}: bewertet, was nicht angeboten war: "
                        f"{', '.join(unknown)}")
    current = {v.id: v for v in _vorgaenge(project, archive, year)}
    kept = [current[oid] for oid in offered if appraisal.get(oid) == "A"]
    missing = [offered[oid].kennzeichen for oid in offered
               if appraisal.get(oid) == "A" and oid not in current]
    if missing:
        raise UserError(f"Angeboten, aber nicht mehr im Archiv: {', '.join(missing)}")
    files, rows = {}, []
    for v in kept:
        for doc in v.dokumente:
            files[doc.name] = archive.read(doc.datei, doc.sha256)  # the archived bytes only
            rows.append((v.id, doc.datei, doc.sha256, doc.name))
    xml = message("0503", prozess, config, kept, _version())
    written = _write_package(out, file_stem(prozess, "0503"), xml, files)
    store.hand_over(prozess, by, appraisal, rows)
    written.vorgaenge = kept
    written.left_out = [o.kennzeichen for oid, o in offered.items() if appraisal.get(oid) != "A"]
    return written


def confirm(archive: Archive, path: Path) -> tuple[str, str, list[str]]:
    """Records the archive's confirmation; returns ProzessID, message kind and the
    Kennzeichen of the records now confirmed."""
    prozess, kind, done = read_confirmation(path)
    store = Handover(archive.register)
    process = store.process(prozess)
    if process is None or not process.abgegeben:
        raise UserError(f"{path}: ProzessID {prozess}: keine abgegebene Aussonderung")
    handed = {o.objekt_id: o for o in store.objects(prozess) if o.abgegeben}
    confirmed = {oid: None for oid in handed} if done is None else \
        {oid: mark for oid, mark in done.items() if oid in handed}
    store.confirm(prozess, confirmed)
    return prozess, kind, [handed[oid].kennzeichen for oid in confirmed]


def remove_confirmed(archive: Archive) -> list[HandedFile]:
    """Removes from the local archive the files the archive confirmed, and records it."""
    store = Handover(archive.register)
    gone = []
    for rec in store.confirmed_files().values():
        if rec.entfernt:
            continue
        path = archive.file(rec.datei)
        if path.is_file():
            archive.read(rec.datei, rec.sha256)  # only the bytes that were handed over
            os.remove(path)
        gone.append(rec)
    store.removed(gone)
    return gone

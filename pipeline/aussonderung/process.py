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
    package: Path | None  # None: the archive keeps nothing, no package
    xml: Path | None
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


def _open_offers(store: Handover, year: int, besides: str | None = None) -> dict[str, str]:
    """Objects offered in a process of `year` the archive has not answered yet (other than
    `besides`), with that process."""
    waiting = {p.prozess_id for p in store.processes(year)
               if p.abgegeben is None and p.prozess_id != besides}
    return {o.objekt_id: o.prozess_id for o in store.objects() if o.prozess_id in waiting}


def offerable(project: Project, archive: Archive, year: int, store: Handover,
              besides: str | None = None) -> list[Vorgang]:
    """The year's Vorgänge still to offer: not appraised vernichten, not waiting in another
    open offer, and with documents not yet handed over (a Vorgang handed over before comes
    again with its later documents only, as a Nachlieferung)."""
    processes = {p.prozess_id: p for p in store.processes()}
    handed = {f.datei for f in store.files() if processes[f.prozess_id].abgegeben}
    destroy = {o.objekt_id for o in store.objects() if o.bewertung == "V"}
    waiting = _open_offers(store, year, besides)
    out = []
    for v in _vorgaenge(project, archive, year):
        if v.id in destroy or v.id in waiting:
            continue
        new = [d for d in v.dokumente if d.datei not in handed]
        if new:
            v.nachlieferung, v.dokumente = len(new) < len(v.dokumente), new
            out.append(v)
    return out


def _write_package(out: Path, prozess: str, kind: str, xml: bytes,
                   files: dict[str, bytes]) -> Written:
    stem = file_stem(prozess, kind)
    out.mkdir(parents=True, exist_ok=True)
    package, beside = out / f"{stem}.zip", out / f"{stem}.xml"

    def save(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w") as z:
            z.writestr(f"{stem}.xml", xml, zipfile.ZIP_DEFLATED)
            for name, data in files.items():  # PDF/A is compressed already
                z.writestr(name, data, zipfile.ZIP_STORED)
    atomic_save(save, package, durable=True)
    atomic_save(lambda p: Path(p).write_bytes(xml), beside)
    return Written(prozess, package, beside, [], [])


def offer(project: Project, archive: Archive, year: int, out: Path, by: str) -> Written:
    config = _config(project)
    store = Handover(archive.register)
    vorgaenge = offerable(project, archive, year, store)
    if not vorgaenge:
        waiting = sorted(set(_open_offers(store, year).values()))
        raise UserError(f"Für {year} ist nichts anzubieten: keine finale Vorlage und keine "
                        "genehmigte Niederschrift, die nicht schon abgegeben, zur Vernichtung "
                        "bewertet oder in einem offenen Angebot ist"
                        + (f" (offen: {', '.join(waiting)}; dessen Bewertung mit --bewertung "
                           "einlesen)" if waiting else ""))
    prozess = str(uuid.uuid4())
    xml = message("0501", prozess, config, vorgaenge, _version())
    written = _write_package(out, prozess, "0501", xml, {})
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
    current = {v.id: v for v in offerable(project, archive, year, store, besides=prozess)
               if v.id in offered}
    appraisal, dropped = _per_vorgang(appraisal, offered, current, appraisal_file)
    if not appraisal:
        raise UserError(f"{appraisal_file}: bewertet nichts abschließend (weder A noch V); "
                        "das Angebot bleibt offen")
    missing = [offered[oid].kennzeichen for oid in offered
               if appraisal.get(oid) == "A" and oid not in current]
    if missing:
        raise UserError(f"Angeboten, aber nicht mehr abzugeben (schon abgegeben, nicht mehr "
                        f"im Archiv, oder der Absender in vorlage.yaml ist ein anderer): "
                        f"{', '.join(missing)}")
    kept, rows = [], []
    for oid in offered:
        if appraisal.get(oid) == "A":
            v = current[oid]
            # documents the archive has destroyed are recorded, never offered again
            rows += [(v.id, d.datei, d.sha256, "", "V") for d in v.dokumente if d.id in dropped]
            v.dokumente = [d for d in v.dokumente if d.id not in dropped]
            if v.dokumente:
                kept.append(v)
            else:
                appraisal[oid] = "V"  # every document of it to be destroyed
    left_out = [f"{o.kennzeichen} ("
                f"{'vernichten' if appraisal.get(oid) == 'V' else 'nicht bewertet'})"
                for oid, o in offered.items() if appraisal.get(oid) != "A"]
    if not kept:  # the archive keeps none of it: the appraisal is recorded, nothing goes
        store.hand_over(prozess, by, appraisal, rows)
        return Written(prozess, None, None, [], left_out)
    files = {}
    for v in kept:
        for doc in v.dokumente:
            files[doc.name] = archive.read(doc.datei, doc.sha256)  # the archived bytes only
            rows.append((v.id, doc.datei, doc.sha256, doc.name, "A"))
    xml = message("0503", prozess, config, kept, _version())
    written = _write_package(out, prozess, "0503", xml, files)
    store.hand_over(prozess, by, appraisal, rows)
    written.vorgaenge, written.left_out = kept, left_out
    return written


def _per_vorgang(appraisal: dict[str, str], offered: dict, current: dict[str, Vorgang],
                 source: Path) -> tuple[dict[str, str], set[str]]:
    """The appraisal per offered Vorgang, and the documents to leave out. An archive may
    appraise a Vorgang or single documents in it: a document marked V stays out of a kept
    Vorgang; a Vorgang not appraised itself is kept for its documents marked A, and destroyed
    when all of its appraised documents are marked V. An ID that is neither an offered
    Vorgang nor one of its documents is refused."""
    owner = {d.id: v.id for v in current.values() for d in v.dokumente}
    unknown = sorted(oid for oid in appraisal if oid not in offered and oid not in owner)
    if unknown:
        raise UserError(f"{source}: bewertet, was nicht angeboten war: {', '.join(unknown)}")
    codes = {oid: code for oid, code in appraisal.items() if oid in offered}
    dropped = {oid for oid, code in appraisal.items() if oid in owner and code == "V"}
    for vid, v in current.items():
        rated = {appraisal[d.id] for d in v.dokumente if d.id in appraisal}
        if vid not in codes and rated:
            codes[vid] = "A" if "A" in rated else "V"
    return codes, dropped


def confirm(archive: Archive, path: Path) -> tuple[str, str, list[str], list[str]]:
    """Records the archive's 0507 (package received: nothing more) or 0506 (records
    imported); returns ProzessID, message kind, the Kennzeichen imported and, for a 0506,
    those the archive could not import, with its message."""
    prozess, kind, imported, failed = read_confirmation(path)
    store = Handover(archive.register)
    process = store.process(prozess)
    if process is None or not process.abgegeben:
        raise UserError(f"{path}: ProzessID {prozess}: keine abgegebene Aussonderung")
    handed = {o.objekt_id: o for o in store.objects(prozess) if o.abgegeben}
    if kind == "0507":
        store.received(prozess)
        return prozess, kind, [], []
    unknown = sorted((set(imported) | set(failed)) - set(handed))
    if unknown:
        raise UserError(f"{path}: bestätigt, was nicht abgegeben war: {', '.join(unknown)}")
    store.confirm(prozess, imported)
    return (prozess, kind, [handed[oid].kennzeichen for oid in imported],
            [f"{handed[oid].kennzeichen}: {why}" for oid, why in failed.items()])


def remove_confirmed(archive: Archive, year: int, by: str) -> list[HandedFile]:
    """Removes from the local archive the files of `year` whose import the archive
    confirmed, recording each removal as it happens."""
    store = Handover(archive.register)
    years = {p.prozess_id: p.jahr for p in store.processes()}
    gone = []
    for rec in store.confirmed_files().values():
        if rec.entfernt or years.get(rec.prozess_id) != year:
            continue
        path = archive.file(rec.datei)
        if path.is_file():
            archive.read(rec.datei, rec.sha256)  # only the bytes that were handed over
            os.remove(path)
        store.removed(rec, by)
        gone.append(rec)
    return gone

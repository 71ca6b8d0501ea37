"""What a year offers to the municipal archive, as xdomea sees it: each final Vorlage with
its follow-ups (Ergänzungs-, Änderungsvorlagen) is one Vorgang, its archived PDF/A files are
its Dokumente; the approved Niederschriften of one Gremium and year are one Vorgang.

Metadata come from the archive's own records (never from a draft that may have changed
since), the Beratungsfolge with the results the session files record. A public Vorlage
carries only its published declared fields; a closed one carries them all, classified.
IDs are UUIDs derived from what they name, so the 0501, the archive's 0502 and the 0503
agree on them without a list kept on the side.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from types import SimpleNamespace

from ..errors import UserError
from ..project import Project
from ..records import Archive, MinutesRecord, Record, minutes_records
from ..schema import Ergebnis, load_yaml
from ..sitzung.results import result_of, session_results, step_results


@dataclass(frozen=True)
class Document:
    id: str
    betreff: str
    datum: str              # ISO date
    typ: str                # Vorlage, Ergänzungsvorlage, Niederschrift, …
    datei: str              # in the archive
    sha256: str
    name: str               # in the hand-over package: "<uuid>_<original name>"
    original: str
    offen: bool             # may reach everybody (Vertraulichkeitsstufe Offen)


@dataclass(frozen=True)
class Step:
    gremium: str
    datum: str | None
    zustaendigkeit: str
    ergebnis: str | None


@dataclass
class Vorgang:
    id: str
    art: str                # vorlage or niederschriften
    kennzeichen: str
    betreff: str
    federfuehrung: str
    offen: bool
    typ: str
    beginn: str
    ende: str
    dokumente: list[Document] = field(default_factory=list)
    felder: dict[str, str] = field(default_factory=dict)   # Vorlagenart, öffentlich, …
    beratungsfolge: list[Step] = field(default_factory=list)
    nachlieferung: bool = False  # documents that came after the Vorgang was handed over


def object_id(sender: str, *key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:ratsvorlagen:" + ":".join((sender,
                                                                              *key))))


def _document(sender: str, datei: str, sha: str, betreff: str, datum: str, typ: str,
              offen: bool) -> Document:
    doc = object_id(sender, "datei", sha)
    original = PurePosixPath(datei).name
    return Document(doc, betreff, datum, typ, datei, sha, f"{doc}_{original}", original, offen)


def _draft_data(archive: Archive, rec: Record) -> dict:
    """The archived draft's YAML (for the Amt and results recorded outside this tool)."""
    if not rec.entwurf_datei:
        return {}
    try:
        data = load_yaml(archive.file(rec.entwurf_datei)).data
    except (UserError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def _amt(project: Project, data: dict) -> str:
    """The Federführung as the project names the Amt ("53 Amt für Integration"), else as
    the draft wrote it."""
    for key in ("amt_kennziffer", "amt"):
        if isinstance(data.get(key), str | int):
            found = project.amt_key(str(data[key]))
            if found and project.config.aemter:
                return project.amt_name(found)
    return str(data.get("amt") or "unbekannt")


def _steps(project: Project, rec: Record, data: dict, recorded) -> list[Step]:
    """The Beratungsfolge as archived, each step with its result: a session's record, else
    what the draft said."""
    said = data.get("beratungsfolge") if isinstance(data.get("beratungsfolge"), list) else []
    steps = []
    for i, step in enumerate(json.loads(rec.gremien)):
        outcome = said[i].get("ergebnis") if i < len(said) and isinstance(said[i], dict) \
            else None
        try:
            given = Ergebnis.model_validate(outcome) if outcome else None
        except ValueError:
            given = None
        steps.append(SimpleNamespace(gremium=step["gremium"], zustaendigkeit=step.get(
            "zustaendigkeit") or "", ergebnis=given, sitzung=date.fromisoformat(
                step["sitzung"]) if step.get("sitzung") else None))
    pairs = step_results(SimpleNamespace(beratungsfolge=steps), recorded)
    out = []
    for step, found in pairs:
        result = result_of(step, found)
        day = found.datum if found is not None else step.sitzung
        out.append(Step(step.gremium, day.isoformat() if day else None, step.zustaendigkeit,
                        result.printed() if result is not None else None))
    return out


def vorlage_vorgaenge(project: Project, archive: Archive, year: int, sender: str
                      ) -> list[Vorgang]:
    records = archive.records()
    results = session_results(project, archive.register)
    out = []
    for rec in records:
        if rec.basis:
            continue  # a follow-up goes with its Vorlage
        family = [rec] + [r for r in records if r.basis == rec.nummer]
        if not any(r.datum.startswith(f"{year}-") for r in family):
            continue  # a follow-up of a later year brings its Vorlage into that year's offer
        data = _draft_data(archive, rec)
        offen = _public(rec, data)
        amt = _amt(project, data)
        vorgang = Vorgang(object_id(sender, "vorlage", rec.nummer), "vorlage", rec.nummer,
                          rec.betreff, amt, offen, "Vorlage", rec.datum, rec.datum)
        for r in family:
            public = _public(r, _draft_data(archive, r) if r is not rec else data)
            public_copy = r.kopie_datei and r.kopie_datei != r.datei
            # A public Vorlage with closed Anlagen: the full final is not public, its
            # publication copy is; both go, each classified as what it is.
            vorgang.dokumente.append(_document(
                sender, r.datei, r.sha256, f"{r.vorlagenart} {r.nummer}: {r.betreff}",
                r.datum, r.vorlagenart, public and not public_copy))
            if public_copy and public:
                vorgang.dokumente.append(_document(
                    sender, r.kopie_datei, r.kopie_sha256,
                    f"{r.vorlagenart} {r.nummer} (öffentliche Fassung): {r.betreff}",
                    r.datum, r.vorlagenart, True))
        vorgang.felder = {"Vorlagenart": rec.vorlagenart, "oeffentlich": "true" if offen
                          else "false", "Datum": rec.datum}
        declared = rec.published_fields() if offen else (json.loads(rec.felder)
                                                          if rec.felder else {})
        for value in declared.values():
            vorgang.felder[value.get("beschriftung") or "Feld"] = str(value.get("wert", ""))
        draft_path = (project.root / rec.entwurf).resolve()
        vorgang.beratungsfolge = _steps(project, rec, data, results.get(draft_path, []))
        vorgang.ende = max([r.datum for r in family]
                           + [s.datum for s in vorgang.beratungsfolge if s.datum])
        out.append(strictest(vorgang))
    return out


def _public(rec: Record, data: dict) -> bool:
    if rec.oeffentlich is not None:
        return bool(rec.oeffentlich)
    return data.get("oeffentlich", True) is not False  # archived before it was recorded


def strictest(vorgang: Vorgang) -> Vorgang:
    """A Vorgang is as open as its least open document."""
    vorgang.offen = vorgang.offen and all(d.offen for d in vorgang.dokumente)
    return vorgang


def _has_closed_part(archive: Archive, m: MinutesRecord) -> bool:
    try:
        data = load_yaml(archive.file(m.sitzung_datei)).data
    except (UserError, OSError):
        return True  # unknown: classified, to be safe
    return bool(isinstance(data, dict) and data.get("nichtoeffentlicher_teil"))


def minutes_vorgaenge(project: Project, archive: Archive, year: int, sender: str,
                      office: str) -> list[Vorgang]:
    by_body: dict[str, list[MinutesRecord]] = {}
    for m in minutes_records(archive):
        if m.datum.startswith(f"{year}-"):
            by_body.setdefault(m.gremium, []).append(m)
    out = []
    for gremium, minutes in sorted(by_body.items()):
        vorgang = Vorgang(object_id(sender, "niederschriften", gremium, str(year)),
                          "niederschriften", f"Niederschriften {gremium} {year}",
                          f"Niederschriften {gremium} {year}", office, True, "Niederschriften",
                          minutes[0].datum, minutes[-1].datum,
                          felder={"Gremium": gremium, "Jahr": str(year)})
        for m in minutes:
            day = f"{date.fromisoformat(m.datum):%d.%m.%Y}"
            closed = _has_closed_part(archive, m)
            vorgang.dokumente.append(_document(
                sender, m.datei, m.sha256, f"Niederschrift {gremium} {day}", m.datum,
                "Niederschrift", not closed))
            if closed:
                vorgang.dokumente.append(_document(
                    sender, m.kopie_datei, m.kopie_sha256,
                    f"Niederschrift {gremium} {day} (öffentliche Fassung)", m.datum,
                    "Niederschrift", True))
        out.append(strictest(vorgang))
    return out


def year_vorgaenge(project: Project, archive: Archive, year: int, sender: str,
                   office: str) -> list[Vorgang]:
    return vorlage_vorgaenge(project, archive, year, sender) + \
        minutes_vorgaenge(project, archive, year, sender, office)

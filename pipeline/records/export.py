"""`vorlage archiv export`: a year's finals and approved Niederschriften for the records
office, with an index.

Only archived bytes leave: every file is read through the archive (inside its folder, no
links) and its checksum compared before anything is written; one changed file stops the
export. The index says for each Vorlage and Anlage whether it is öffentlich.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..files import atomic_save
from .archive import Archive, Record
from .minutes import MinutesRecord, minutes_records

CSV_COLUMNS = ["nummer", "version", "basis", "betreff", "vorlagenart", "datum", "finalisiert",
               "gremien", "oeffentlich", "datei", "sha256", "oeffentliche_fassung",
               "beim_kommunalarchiv"]


def _public(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def index_row(rec: Record) -> dict:
    anlagen = json.loads(rec.anlagen) if rec.anlagen else None
    return {"nummer": rec.nummer, "version": rec.version, "basis": rec.basis or "",
            "betreff": rec.betreff, "vorlagenart": rec.vorlagenart, "datum": rec.datum,
            "finalisiert": rec.zeit, "gremien": json.loads(rec.gremien),
            "oeffentlich": _public(rec.oeffentlich),
            # numbered as the final lists them (finals before own numbers: counted);
            # beigefuegt: nein for an Anlage listed by its title only
            "anlagen": [{"nr": a.get("nr", str(i)), "titel": a["titel"],
                         "oeffentlich": a["oeffentlich"], "beigefuegt": bool(a["sha256"])}
                        for i, a in enumerate(anlagen, 1)] if anlagen is not None else None,
            "felder": rec.published_fields(),  # declared fields, only the published ones
            "datei": PurePosixPath(rec.datei).name, "sha256": rec.sha256,
            # The file that may be published: the final itself, or its publication copy
            # (without nichtöffentliche Anlagen and unpublished declared fields); none when
            # the Vorlage is closed.
            "oeffentliche_fassung": PurePosixPath(rec.kopie_datei).name if rec.kopie_datei
            else None}


def minutes_row(rec: MinutesRecord) -> dict:
    return {"sitzung": rec.sitzung, "gremium": rec.gremium, "datum": rec.datum,
            "genehmigt_am": rec.genehmigt_am, "finalisiert": rec.zeit,
            "datei": PurePosixPath(rec.datei).name, "sha256": rec.sha256,
            # the public version: closed TOPs by number and public title only
            "oeffentliche_fassung": PurePosixPath(rec.kopie_datei).name}


def export_year(archive: Archive, year: int, out: Path) -> list[Record]:
    records = [r for r in archive.records() if r.datum.startswith(f"{year}-")]
    minutes = [m for m in minutes_records(archive) if m.datum.startswith(f"{year}-")]
    files = {}
    problems = []
    wanted_all = []
    for rec in records:
        wanted = [(rec.datei, rec.sha256)]
        if rec.kopie_datei and rec.kopie_datei != rec.datei:
            wanted.append((rec.kopie_datei, rec.kopie_sha256))
        wanted_all.append(wanted)
    wanted_all += [[(m.datei, m.sha256), (m.kopie_datei, m.kopie_sha256)] for m in minutes]
    from .handover import Handover

    handed = Handover(archive.register).confirmed_files()
    for wanted in wanted_all:
        for name, sha in wanted:
            if name in handed and handed[name].entfernt:
                continue  # at the municipal archive; the index says so
            try:
                files[PurePosixPath(name).name] = archive.read(name, sha)
            except UserError as exc:
                problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        atomic_save(lambda p, d=data: Path(p).write_bytes(d), out / name)
    rows = [index_row(rec) | {"beim_kommunalarchiv": rec.datei in handed} for rec in records]
    text = json.dumps({"jahr": year, "vorlagen": rows,
                       "niederschriften": [minutes_row(m) | {"beim_kommunalarchiv":
                                                             m.datei in handed}
                                           for m in minutes]},
                      indent=2, ensure_ascii=False)
    atomic_save(lambda p: Path(p).write_text(text, encoding="utf-8"), out / "index.json")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        public = {True: "ja", False: "nein", None: "unbekannt"}[row["oeffentlich"]]
        writer.writerow([row["nummer"], row["version"], row["basis"], row["betreff"],
                         row["vorlagenart"], row["datum"], row["finalisiert"],
                         " | ".join(f"{g['gremium']} {g['sitzung'] or 'Termin offen'}"
                                    for g in row["gremien"]),
                         public, row["datei"], row["sha256"], row["oeffentliche_fassung"] or "",
                         "ja" if row["beim_kommunalarchiv"] else "nein"])
    atomic_save(lambda p: Path(p).write_text(buffer.getvalue(), encoding="utf-8"),
                out / "index.csv")
    return records

"""`vorlage export oparl`: the public data as OParl 1.1 JSON, for the council information system.

Writes one JSON file per object under the output folder, at the path its id names below the
base URL (`<base>/paper/<x>` -> `<out>/paper/<x>.json`), plus the lists the Body points to and
the PDF files. Only public data is exported: the public part of each session's agenda, public
Vorlagen in their publication copies (without nichtöffentliche Anlagen), public Anlagen and
public deliberations. Everything closed is left out before any object is made.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from ..build import anlage_files
from ..errors import UserError
from ..files import atomic_save
from ..haus import HouseStyle
from ..pdf import Converter
from ..project import Project
from ..records import Register, file_name
from .publication import build_copies
from .session import Session, load_session

SCHEMA = "https://schema.oparl.org/1.1/"


def slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def stamp(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(
        timespec="seconds")


@dataclass
class Export:
    base: str
    out: Path
    style: HouseStyle
    objects: dict[str, dict] = field(default_factory=dict)  # id -> object

    def url(self, *parts: str) -> str:
        return "/".join([self.base.rstrip("/"), *parts])

    def add(self, obj: dict) -> dict:
        self.objects[obj["id"]] = obj
        return obj

    def write(self) -> list[Path]:
        written = []
        for oid, obj in self.objects.items():
            target = self.out / (oid[len(self.base.rstrip("/")) + 1:] + ".json")
            data = json.dumps(obj, indent=2, ensure_ascii=False)
            atomic_save(lambda p, d=data: Path(p).write_text(d, encoding="utf-8"), target)
            written.append(target)
        return written


def _file(export: Export, pdf: Path, name: str, file_name: str, created: str,
          links: dict) -> dict:
    from pypdf import PdfReader

    target = export.out / "dateien" / file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, target)
    data = target.read_bytes()
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(target)).pages)
    return {"id": export.url("file", slug(Path(file_name).stem)), "type": SCHEMA + "File",
            "name": name, "fileName": file_name, "mimeType": "application/pdf",
            "date": created[:10], "size": len(data),
            "sha512Checksum": hashlib.sha512(data).hexdigest(), "text": text,
            "accessUrl": export.url("dateien", file_name), **links,
            "created": created, "modified": created}


def export_oparl(project: Project, out: Path, base: str, jobs: int = 2) -> Export:
    sessions_dir = project.sessions_dir
    files = sorted(sessions_dir.glob("*.yaml")) if sessions_dir.is_dir() else []
    if not files:
        raise UserError(f"keine Sitzungsdateien in {sessions_dir}")
    with Register(project.register_path) as register:
        sessions = [load_session(f, project, register) for f in files]
    errors = [p for s in sessions for p in s.problems if p.is_error]
    if errors:
        raise UserError(errors)
    style = sessions[0].style
    export = Export(base, out, style)
    body_id = export.url("body", slug(style.key))
    organizations: dict[str, str] = {}

    def organization(name: str) -> str:
        oid = export.url("organization", slug(name))
        if name not in organizations:
            organizations[name] = oid
            gremium = style.gremium(name)
            changed = stamp(style.folder / "haus.yaml")
            obj = {"id": oid, "type": SCHEMA + "Organization", "body": body_id, "name": name,
                   "organizationType": "Gremium",
                   "meeting": export.url("organization", slug(name), "meeting"),
                   "created": changed, "modified": changed}
            if gremium and gremium.kuerzel:
                obj["shortName"] = gremium.kuerzel
            export.add(obj)
        return oid

    # Publication copies of every public Vorlage on a public agenda: built, never reused from
    # a build that could contain closed Anlagen.
    public_tops = [(s, t) for s in sessions for t in s.tops
                   if t.public and t.draft_path is not None and t.checked and t.checked.ok]
    drafts = sorted({t.draft_path for _, t in public_tops})
    # Built beside the project's other output, so the export folder holds only the export.
    with Converter(jobs) as converter:
        pdfs = build_copies(project, drafts, project.output_dir / ".cache" / "oparl-vorlagen",
                            converter, public=True)
    papers: dict[Path, dict] = {}
    meetings_of: dict[str, list[str]] = {}
    for session in sessions:
        meeting_id = _meeting(export, session, body_id, organization, meetings_of)
        order = 0
        for top in session.tops:
            if not top.public:
                continue  # the closed part is not exported at all
            order += 1
            item_id = export.url("agendaitem", f"{slug(session.name)}-{order}")
            item = {"id": item_id, "type": SCHEMA + "AgendaItem", "meeting": meeting_id,
                    "number": top.nummer, "order": order, "name": top.titel, "public": True,
                    "created": stamp(session.path), "modified": stamp(session.path)}
            export.objects[meeting_id]["agendaItem"].append(item)
            export.add(item)
            if top.draft_path is not None and top.draft_path in pdfs:
                paper = papers.get(top.draft_path) or _paper(
                    export, project, top, pdfs[top.draft_path], body_id, organization)
                papers[top.draft_path] = paper
                consultation_id = export.url("consultation",
                                             f"{slug(session.name)}-{order}")
                step = next(b for b in top.checked.draft.beratungsfolge
                            if b.gremium == session.data.gremium
                            and b.sitzung == session.data.datum)
                export.add({"id": consultation_id, "type": SCHEMA + "Consultation",
                            "paper": paper["id"], "agendaItem": item_id,
                            "meeting": meeting_id,
                            "organization": [organization(session.data.gremium)],
                            "authoritative": step.zustaendigkeit == "Entscheidung",
                            "role": step.zustaendigkeit,
                            "created": paper["created"], "modified": paper["modified"]})
                item["consultation"] = consultation_id
                paper["consultation"].append(export.objects[consultation_id])
    _body(export, body_id, organizations, meetings_of, papers)
    export.write()
    return export


def _meeting(export: Export, session: Session, body_id: str, organization,
             meetings_of: dict) -> str:
    data = session.data
    meeting_id = export.url("meeting", slug(session.name))
    hour, _, minute = data.uhrzeit.partition(":")
    start = datetime(data.datum.year, data.datum.month, data.datum.day, int(hour or 0),
                     int(minute or 0), tzinfo=ZoneInfo("Europe/Berlin")).isoformat(
                         timespec="seconds")
    org = organization(data.gremium)
    meetings_of.setdefault(org, []).append(meeting_id)
    export.add({"id": meeting_id, "type": SCHEMA + "Meeting",
                "name": f"{data.gremium}, {data.datum:%d.%m.%Y}", "start": start,
                "location": {"id": export.url("location", slug(session.name)),
                             "type": SCHEMA + "Location", "description": data.ort,
                             "created": stamp(session.path),
                             "modified": stamp(session.path)},
                "organization": [org], "agendaItem": [],
                "created": stamp(session.path), "modified": stamp(session.path)})
    return meeting_id


def _paper(export: Export, project: Project, top, pdf: Path, body_id: str,
           organization) -> dict:
    draft = top.checked.draft
    reference = top.nummer_vorlage
    key = file_name(reference) if reference else Path(top.draft_path).stem
    created = stamp(pdf)
    paper_id = export.url("paper", slug(key))
    main = _file(export, pdf, " ".join(draft.betreff.split()), f"{key}.pdf", created,
                 {"paper": [paper_id]})
    auxiliary = []
    for nr, (anlage, path) in enumerate(zip(draft.anlagen, anlage_files(top.checked, project),
                                            strict=True), 1):
        if not anlage.oeffentlich or path is None or path.suffix.lower() != ".pdf":
            continue  # closed Anlagen never appear; office Anlagen are inside the main file
        auxiliary.append(_file(export, path, anlage.titel, f"{key}-anlage-{nr}.pdf", created,
                               {"paper": [paper_id]}))
    for file in (main, *auxiliary):
        export.add(file)
    paper = {"id": paper_id, "type": SCHEMA + "Paper", "body": body_id,
             "name": " ".join(draft.betreff.split()), "date": draft.datum.isoformat(),
             "paperType": draft.vorlagenart, "mainFile": main, "auxiliaryFile": auxiliary,
             "consultation": [], "created": created, "modified": created}
    if reference:
        paper["reference"] = reference
    return export.add(paper)


def _external_list(export: Export, path: tuple[str, ...], items: list[dict]) -> str:
    list_id = export.url(*path)
    export.objects[list_id] = {"id": list_id, "data": items, "pagination": {
        "totalElements": len(items), "elementsPerPage": max(len(items), 1), "currentPage": 1,
        "totalPages": 1}, "links": {}}
    return list_id


def _body(export: Export, body_id: str, organizations: dict, meetings_of: dict,
          papers: dict) -> None:
    style = export.style
    now = datetime.now(UTC).isoformat(timespec="seconds")
    key = slug(style.key)
    orgs = [export.objects[o] for o in organizations.values()]
    for name, oid in organizations.items():
        meetings = [export.objects[m] for m in meetings_of.get(oid, [])]
        export.objects[oid]["meeting"] = _external_list(
            export, ("organization", slug(name), "meeting"), meetings)
    meetings = [o for o in export.objects.values() if o.get("type") == SCHEMA + "Meeting"]
    terms = [{"id": export.url("legislativeterm", slug(w.name)),
              "type": SCHEMA + "LegislativeTerm", "body": body_id, "name": w.name,
              "startDate": w.von.isoformat(), "endDate": w.bis.isoformat(),
              "created": now, "modified": now} for w in style.wahlperioden]
    system_id = export.url("system")
    export.add({"id": system_id, "type": SCHEMA + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/", "body": export.url("bodies"),
                "name": f"Ratsvorlagen: {style.config.name}", "product": "Ratsvorlagen",
                "created": now, "modified": now})
    body = {"id": body_id, "type": SCHEMA + "Body", "system": system_id,
            "name": style.config.name,
            "organization": _external_list(export, ("body", key, "organization"), orgs),
            "person": _external_list(export, ("body", key, "person"), []),
            "meeting": _external_list(export, ("body", key, "meeting"), meetings),
            "paper": _external_list(export, ("body", key, "paper"), list(papers.values())),
            "legislativeTerm": terms, "created": now, "modified": now}
    export.add(body)
    _external_list(export, ("bodies",), [body])

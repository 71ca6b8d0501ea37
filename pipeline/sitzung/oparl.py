"""`vorlage export oparl`: the public data as OParl 1.1 JSON, for the council information system.

Writes one JSON file per object under the output folder, at the path its id names below the
base URL (`<base>/paper/<x>` -> `<out>/paper/<x>.json`), plus the lists the Body points to and
the PDF files. Only public data is exported: the public part of each session's agenda, public
Vorlagen in their publication copies (without nichtöffentliche Anlagen), public Anlagen and
public deliberations. Everything closed is left out before any object is made.

Each export is complete in itself: what an earlier export had and this one has not is removed
or, for objects, replaced by a tombstone (oparl_sync.py). Ids name a Vorlage by its number or,
before it has one, by an opaque hash: a draft's file name may say what a now closed Vorlage
is about, and a tombstone keeps its id for good.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from ..build import ConvertedAnlagen, anlage_files
from ..errors import UserError
from ..files import file_hash
from ..haus import HouseStyle
from ..pdf import Converter
from ..project import Project
from ..records import Register, file_name, published_fields
from ..render import Formats, declared_record
from ..schema import Anlage
from .oparl_sync import PRODUCT, apply, check_target, staging, tombstones
from .publication import build_copies
from .session import Session, load_session, step_for

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
    out: Path  # the export folder
    style: HouseStyle
    root: Path  # where the files are written: a staging folder until the export is complete
    objects: dict[str, dict] = field(default_factory=dict)  # id -> public object
    tombstones: dict[str, dict] = field(default_factory=dict)  # path -> tombstone, all
    deleted: list[str] = field(default_factory=list)  # ids this export made tombstones
    removed: list[str] = field(default_factory=list)  # files this export removed from `out`
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, slug) -> name

    def key(self, kind: str, name: str) -> str:
        """The readable id part of a Gremium or session. Two names with one slug would make
        one object of two, so they stop the export instead."""
        key = slug(name)
        first = self.names.setdefault((kind, key), name)
        if first != name:
            raise UserError(f"„{first}“ und „{name}“ ergäben dieselbe OParl-Kennung "
                            f"„{key}“; bitte einen der Namen unterscheidbar machen")
        return key

    def url(self, *parts: str) -> str:
        return "/".join([self.base.rstrip("/"), *(quote(p, safe="") for p in parts)])

    def path(self, oid: str) -> str:
        """The file of an object, relative to the export folder."""
        return unquote(oid[len(self.base.rstrip("/")) + 1:]) + ".json"

    def add(self, obj: dict) -> dict:
        self.objects[obj["id"]] = obj
        return obj

    def write(self) -> None:
        files = [*((self.path(oid), obj) for oid, obj in self.objects.items()),
                 *self.tombstones.items()]
        for rel, obj in files:
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(obj, indent=2, ensure_ascii=False), encoding="utf-8")


def paper_key(project: Project, top) -> str:
    """The name of a Vorlage's paper, its files and PDFs: the number, or an opaque hash of
    the draft while it has none (never its file name)."""
    if top.nummer_vorlage:
        return file_name(top.nummer_vorlage)
    key = project.draft_key(top.draft_path).encode("utf-8")
    return "entwurf-" + hashlib.sha256(key).hexdigest()[:16]


def _item_key(project: Project, top, taken: set[str]) -> str:
    """The agenda item's name in its session: its Vorlage, else a hash of its title. Not the
    position: when a TOP leaves the public part, its id must become a tombstone, not name
    the TOP that moved up."""
    if top.draft_path is not None:
        key = "vorlage-" + paper_key(project, top)
    else:
        key = "top-" + hashlib.sha256(top.titel.encode("utf-8")).hexdigest()[:12]
    unique, n = key, 1
    while unique in taken:  # the same title twice
        n += 1
        unique = f"{key}-{n}"
    taken.add(unique)
    return unique


def _file(export: Export, pdf: Path, name: str, file_name: str, created: str,
          links: dict) -> dict:
    from pypdf import PdfReader

    target = export.root / "dateien" / file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, target)
    data = target.read_bytes()
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(target)).pages)
    return {"id": export.url("file", Path(file_name).stem), "type": SCHEMA + "File",
            "name": name, "fileName": file_name, "mimeType": "application/pdf",
            "date": created[:10], "size": len(data),
            "sha512Checksum": hashlib.sha512(data).hexdigest(), "text": text,
            "accessUrl": export.url("dateien", file_name), **links,
            "created": created, "modified": created}


def export_oparl(project: Project, out: Path, base: str, jobs: int = 2) -> Export:
    """Exports into `out`, which afterwards holds exactly the public data and tombstones."""
    check_target(out)  # before any work: a refused folder should not cost a build
    sessions_dir = project.sessions_dir
    files = sorted(sessions_dir.glob("*.yaml")) if sessions_dir.is_dir() else []
    if not files:
        raise UserError(f"keine Sitzungsdateien in {sessions_dir}")
    with Register(project.register_path) as register:
        sessions = [load_session(f, project, register) for f in files]
    errors = [p for s in sessions for p in s.problems if p.is_error]
    if errors:
        raise UserError(errors)
    # Everything is made in the staging folder; `out` is touched only once it is complete,
    # so an error on the way leaves the previous export as it was.
    with staging(out) as root:
        export = Export(base, out, sessions[0].style, root)
        _build(export, project, sessions, jobs)
        _bury(export)
        export.write()
        export.removed = apply(root, out)
    return export


def _build(export: Export, project: Project, sessions: list[Session], jobs: int) -> None:
    style = export.style
    body_id = export.url("body", slug(style.key))
    organizations: dict[str, str] = {}

    def organization(name: str) -> str:
        oid = export.url("organization", export.key("organization", name))
        if name not in organizations:
            organizations[name] = oid
            gremium = style.gremium(name)
            changed = stamp(style.folder / "haus.yaml")
            obj = {"id": oid, "type": SCHEMA + "Organization", "body": body_id, "name": name,
                   "organizationType": "Gremium",
                   "meeting": export.url("organization", export.key("organization", name),
                                         "meeting"),
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
    with Converter(jobs, limits=project.limits) as converter:
        pdfs = build_copies(project, drafts, copies_dir(project), converter, public=True)
    papers: dict[Path, dict] = {}
    meetings_of: dict[str, list[str]] = {}
    for session in sessions:
        meeting_id = _meeting(export, session, body_id, organization, meetings_of)
        order = 0
        taken: set[str] = set()
        for top in session.tops:
            if not top.public:
                continue  # the closed part is not exported at all
            order += 1
            session_key = export.key("meeting", session.name)
            item_key = f"{session_key}-{_item_key(project, top, taken)}"
            item_id = export.url("agendaitem", item_key)
            item = {"id": item_id, "type": SCHEMA + "AgendaItem", "meeting": meeting_id,
                    "number": top.nummer, "order": order, "name": top.titel, "public": True,
                    "created": stamp(session.path), "modified": stamp(session.path)}
            export.objects[meeting_id]["agendaItem"].append(item)
            export.add(item)
            if top.draft_path is not None and top.draft_path in pdfs:
                paper = papers.get(top.draft_path) or _paper(
                    export, project, top, pdfs[top.draft_path], body_id, organization)
                papers[top.draft_path] = paper
                consultation_id = export.url("consultation", item_key)
                # The session check has found the step: dated that day, or date open.
                step = step_for(top.checked.draft, session.data.gremium, session.data.datum)
                role = session.style.rolle(step.zustaendigkeit)
                export.add({"id": consultation_id, "type": SCHEMA + "Consultation",
                            "paper": paper["id"], "agendaItem": item_id,
                            "meeting": meeting_id,
                            "organization": [organization(session.data.gremium)],
                            "authoritative": step.entscheidend,
                            "role": role.exported if role else step.zustaendigkeit,
                            "created": paper["created"], "modified": paper["modified"]})
                item["consultation"] = consultation_id
                paper["consultation"].append(export.objects[consultation_id])
    _body(export, body_id, organizations, meetings_of, papers)


# The Body's lists of each object type: OParl clients sync by them, so a tombstone must be
# listed there or the client never learns the object is gone.
BODY_LISTS = {"Paper": "paper", "Meeting": "meeting", "Organization": "organization"}


def _bury(export: Export) -> None:
    """Tombstones for what the previous export in `out` had and this one has not."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    kept = {export.path(oid) for oid in export.objects}
    export.tombstones, export.deleted = tombstones(export.out, kept, now)
    for kind, name in BODY_LISTS.items():
        path = ("body", slug(export.style.key), name)
        buried = [t for t in export.tombstones.values()
                  if t["type"].rsplit("/", 1)[-1] == kind]
        _external_list(export, path, export.objects[export.url(*path)]["data"] + buried)


def _meeting(export: Export, session: Session, body_id: str, organization,
             meetings_of: dict) -> str:
    data = session.data
    meeting_id = export.url("meeting", export.key("meeting", session.name))
    hour, _, minute = data.uhrzeit.partition(":")
    start = datetime(data.datum.year, data.datum.month, data.datum.day, int(hour or 0),
                     int(minute or 0), tzinfo=ZoneInfo("Europe/Berlin")).isoformat(
                         timespec="seconds")
    org = organization(data.gremium)
    meetings_of.setdefault(org, []).append(meeting_id)
    export.add({"id": meeting_id, "type": SCHEMA + "Meeting",
                "name": f"{data.gremium}, {data.datum:%d.%m.%Y}", "start": start,
                "location": {"id": export.url("location", export.key("meeting", session.name)),
                             "type": SCHEMA + "Location", "description": data.ort,
                             "created": stamp(session.path),
                             "modified": stamp(session.path)},
                "organization": [org], "agendaItem": [],
                "created": stamp(session.path), "modified": stamp(session.path)})
    return meeting_id


def copies_dir(project: Project) -> Path:
    """Where the publication copies are built: beside the project's other output, so the
    export folder holds only the export."""
    return project.output_dir / ".cache" / "oparl-vorlagen"


def _paper(export: Export, project: Project, top, pdf: Path, body_id: str,
           organization) -> dict:
    draft, archived = top.checked.draft, top.archived
    reference = top.nummer_vorlage
    # A final is described as archived, not as its draft may read since.
    name = archived.betreff if archived else " ".join(draft.betreff.split())
    date = archived.datum if archived else (draft.datum.isoformat() if draft.datum else None)
    kind = archived.vorlagenart if archived else draft.vorlagenart
    key = paper_key(project, top)
    created = stamp(pdf)
    paper_id = export.url("paper", key)
    main = _file(export, pdf, name, f"{key}.pdf", created,
                 {"paper": [paper_id]})
    auxiliary = []
    style = top.checked.style
    # Named as the public copy lists them ("Anlage 3.1: Lageplan"); its numbers are the
    # main file's.
    printed = Anlage.numbers(draft.anlagen, style.config.anlagen_zaehlung, public=True)
    for nr, (anlage, path, shown) in enumerate(zip(draft.anlagen, anlage_files(
            top.checked, project), printed, strict=True), 1):
        if shown is None or path is None or path.suffix.lower() != ".pdf":
            continue  # closed Anlagen never appear; office Anlagen are inside the main file,
            # one listed by its title has no file
        if archived is not None and not _as_archived(archived, nr - 1, path):
            continue  # changed or closed since the final: only the main file shows it
        # Published as in the public copy, which the copies' build already made and cached.
        clean = ConvertedAnlagen(copies_dir(project)).sanitised(path, public=True)[0]
        auxiliary.append(_file(export, clean, f"{style.labels['anlage']} {shown}: "
                                              f"{anlage.titel}",
                               f"{key}-anlage-{nr}.pdf", created, {"paper": [paper_id]}))
    for file in (main, *auxiliary):
        export.add(file)
    paper = {"id": paper_id, "type": SCHEMA + "Paper", "body": body_id,
             "name": name, "paperType": kind, "mainFile": main,
             "auxiliaryFile": auxiliary,
             "consultation": [], "created": created, "modified": created}
    if reference:
        paper["reference"] = reference
    if date:  # a draft of a style whose Vorlagen print no date has none yet
        paper["date"] = date
    # The house style's declared fields, only those it publishes (OParl's vendor extension:
    # a property named with the product's prefix).
    fields = archived.published_fields() if archived else published_fields(
        declared_record(draft, top.checked.style, Formats(top.checked.style)))
    if fields:
        paper["ratsvorlagen:felder"] = fields
    return export.add(paper)


def _as_archived(record, index: int, path: Path) -> bool:
    """Whether an Anlage file is, byte for byte, the public one the final was built with."""
    hashes = json.loads(record.anlagen_sha256)
    listed = json.loads(record.anlagen) if record.anlagen else None
    if index >= len(hashes) or hashes[index] != file_hash(path):
        return False
    return listed is None or bool(listed[index]["oeffentlich"])


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
            export, ("organization", export.key("organization", name), "meeting"), meetings)
    meetings = [o for o in export.objects.values() if o.get("type") == SCHEMA + "Meeting"]
    terms = [{"id": export.url("legislativeterm", slug(w.name)),
              "type": SCHEMA + "LegislativeTerm", "body": body_id, "name": w.name,
              "startDate": w.von.isoformat(), "endDate": w.bis.isoformat(),
              "created": now, "modified": now} for w in style.wahlperioden]
    system_id = export.url("system")
    export.add({"id": system_id, "type": SCHEMA + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/", "body": export.url("bodies"),
                "name": f"Ratsvorlagen: {style.config.name}", "product": PRODUCT,
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

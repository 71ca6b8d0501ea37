"""`vorlage export oparl`: the public data as OParl 1.1 JSON, for the council information system.

Writes one JSON file per object under the output folder, at the path its id names below the
base URL (`<base>/paper/<x>` -> `<out>/paper/<x>.json`), plus the lists the Body points to and
the PDF files. Only public data is exported: the public part of each session's agenda, public
Vorlagen in their publication copies (without nichtöffentliche Anlagen), public Anlagen and
public deliberations. Everything closed is left out before any object is made.

Each export is complete in itself: what an earlier export had and this one has not is removed
or, for objects, replaced by a tombstone (oparl_sync.py). A session file with a mistake is
reported and left out, the others are exported, and the run fails at the end. Ids name a
Vorlage by its number or, before it has one, by an opaque hash: a draft's file name may say
what a now closed Vorlage is about, and a tombstone keeps its id for good.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, UTC
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
from .minutes import minutes_of, minutes_pdf, resolution_text
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
    people: list[dict] = field(default_factory=list)  # the Person objects, for the Body
    # Mistakes of the session files left out: their objects are not exported (so they are
    # marked deleted, as anything not public any more) until the file is mended.
    skipped: list = field(default_factory=list)

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
    sessions, skipped = [], []
    with Register(project.register_path) as register:
        for f in files:  # one broken session file does not hold up the others
            try:
                session = load_session(f, project, register)
            except UserError as exc:
                skipped += exc.problems
                continue
            errors = [p for p in session.problems if p.is_error]
            if errors:
                skipped += errors
            else:
                sessions.append(session)
    if not sessions:
        raise UserError(skipped)
    # Everything is made in the staging folder; `out` is touched only once it is complete,
    # so an error on the way leaves the previous export as it was.
    with staging(out) as root:
        export = Export(base, out, sessions[0].style, root)
        _build(export, project, sessions, jobs)
        _bury(export)
        export.write()
        export.removed = apply(root, out)
    export.skipped = skipped
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
                   "classification": classification(project, style, name),
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
            _session(export, project, session, body_id, organization, meetings_of, papers,
                     pdfs, converter)
    _people(export, project, sessions, body_id, organizations)
    _body(export, body_id, organizations, meetings_of, papers)


# What kind of body a Gremium is (OParl's free `classification`), when gremien.yaml does not
# say: by the word its name is made of, first match.
KINDS = (("bezirksvertretung", "Bezirksvertretung"), ("bezirksbeirat", "Bezirksvertretung"),
         ("ortschaftsrat", "Ortschaftsrat"), ("ausschuss", "Ausschuss"),
         ("integrationsrat", "Beirat"), ("beirat", "Beirat"), ("dienstberatung", "Verwaltung"),
         ("rat", "Hauptorgan"), ("ratsversammlung", "Hauptorgan"))


def classification(project: Project, style: HouseStyle, name: str) -> str:
    entry = project.gremien.entry(style, name)
    if entry is not None and entry.klassifikation:
        return entry.klassifikation
    lowered = name.casefold()
    return next((kind for word, kind in KINDS if word in lowered), "Gremium")


def _session(export: Export, project: Project, session: Session, body_id: str, organization,
             meetings_of: dict, papers: dict, pdfs: dict, converter: Converter) -> None:
    """A session's Meeting with its public agenda items, their results and consultations,
    and, once it has results, its public Niederschrift as the results protocol."""
    meeting_id = _meeting(export, session, body_id, organization, meetings_of)
    meeting = export.objects[meeting_id]
    session_key = export.key("meeting", session.name)
    created = stamp(session.path)
    public_minutes = minutes_of(session, project, public=True) \
        if any(t.ergebnis for t in session.tops) else None
    if public_minutes is not None:
        with tempfile.TemporaryDirectory(prefix="oparl-") as tmp:
            pdf = minutes_pdf(public_minutes, converter, Path(tmp) / "n.pdf")
            meeting["resultsProtocol"] = export.add(_file(
                export, pdf, f"{session.style.labels['niederschrift']} "
                             f"{meeting['name']}", f"{session_key}-niederschrift.pdf",
                created, {"meeting": [meeting_id]}))
    order = 0
    taken: set[str] = set()
    for index, top in enumerate(session.tops):
        if not top.public:
            continue  # the closed part is not exported at all
        order += 1
        item_key = f"{session_key}-{_item_key(project, top, taken)}"
        item_id = export.url("agendaitem", item_key)
        item = {"id": item_id, "type": SCHEMA + "AgendaItem", "meeting": meeting_id,
                "number": top.nummer, "order": order, "name": top.titel, "public": True,
                "created": created, "modified": created}
        if top.ergebnis is not None:
            item["result"] = top.ergebnis.printed()
            text = resolution_text(top)
            if text:
                item["resolutionText"] = text
            with tempfile.TemporaryDirectory(prefix="oparl-") as tmp:
                pdf = minutes_pdf(public_minutes, converter, Path(tmp) / "a.pdf", (index,))
                item["resolutionFile"] = export.add(_file(
                    export, pdf, f"{session.style.labels['beschlussauszug']} {top.nummer}",
                    f"{item_key}-beschluss.pdf", created, {"agendaItem": [item_id]}))
        meeting["agendaItem"].append(item)
        export.add(item)
        if top.draft_path is not None and top.draft_path in pdfs:
            paper = papers.get(top.draft_path) or _paper(
                export, project, top, pdfs[top.draft_path], body_id, organization)
            papers[top.draft_path] = paper
            consultation_id = export.url("consultation", item_key)
            # The session check has found the step: dated that day, date open, or put off.
            step = step_for(top.checked.draft, session.data.gremium, session.data.datum,
                            session.recorded.get(top.draft_path, ()))
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


# The Body's lists of each object type: OParl clients sync by them, so a tombstone must be
# listed there or the client never learns the object is gone.
BODY_LISTS = {"Paper": "paper", "Meeting": "meeting", "Organization": "organization",
              "Person": "person"}


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
    hour, _, minute = (data.beginn or data.uhrzeit).partition(":")
    start = datetime(data.datum.year, data.datum.month, data.datum.day, int(hour or 0),
                     int(minute or 0), tzinfo=ZoneInfo("Europe/Berlin")).isoformat(
                         timespec="seconds")
    org = organization(data.gremium)
    meetings_of.setdefault(org, []).append(meeting_id)
    held = data.anwesenheit is not None or any(t.ergebnis for t in session.tops)
    state = "durchgeführt" if held or data.datum < date.today() else \
        "eingeladen" if data.einladungsdatum <= date.today() else "terminiert"
    extra: dict = {}
    if data.ende:
        hour, _, minute = data.ende.partition(":")
        extra["end"] = datetime(data.datum.year, data.datum.month, data.datum.day, int(hour),
                                int(minute), tzinfo=ZoneInfo("Europe/Berlin")).isoformat(
                                    timespec="seconds")
    present = [p.name for p in data.anwesenheit or () if p.status == "anwesend"]
    if present:
        extra["participant"] = [export.url("person", export.key("person", n)) for n in present]
    export.add({"id": meeting_id, "type": SCHEMA + "Meeting", "meetingState": state, **extra,
                "name": f"{data.gremium}, {data.datum:%d.%m.%Y}", "start": start,
                "location": {"id": export.url("location", export.key("meeting", session.name)),
                             "type": SCHEMA + "Location", "description": data.ort,
                             "created": stamp(session.path),
                             "modified": stamp(session.path)},
                "organization": [org], "agendaItem": [],
                "created": stamp(session.path), "modified": stamp(session.path)})
    return meeting_id


def _people(export: Export, project: Project, sessions: list[Session], body_id: str,
            organizations: dict[str, str]) -> None:
    """A Person for each member of an exported Gremium (gremien.yaml, every Wahlperiode) and
    for everyone else a public session lists as present, each member with the Membership
    of each Gremium and period."""
    now = stamp(project.gremien.path) if project.gremien.path else \
        datetime.now(UTC).isoformat(timespec="seconds")
    people: dict[str, dict] = {}

    def person(name: str) -> dict:
        pid = export.url("person", export.key("person", name))
        if pid not in export.objects:
            people[pid] = export.add({"id": pid, "type": SCHEMA + "Person", "body": body_id,
                                      "name": name, "membership": [], "created": now,
                                      "modified": now})
        return export.objects[pid]

    seen: set[tuple[str, str]] = set()
    for session in sessions:
        gremium = session.data.gremium
        entry = project.gremien.entry(session.style, gremium)
        org = organizations.get(gremium)
        if entry is None or org is None or (session.style.key, gremium) in seen:
            continue
        seen.add((session.style.key, gremium))
        for period in entry.wahlperioden:
            for member in period.mitglieder:
                who = person(member.name)
                mid = export.url("membership", f"{export.key('organization', gremium)}-"
                                 f"{period.von.isoformat()}-{slug(member.name)}")
                membership = {"id": mid, "type": SCHEMA + "Membership", "person": who["id"],
                              "organization": org, "role": member.rolle,
                              "votingRight": member.votes, "startDate": period.von.isoformat(),
                              "created": now, "modified": now}
                if period.bis:
                    membership["endDate"] = period.bis.isoformat()
                who["membership"].append(membership)
                export.objects[org].setdefault("membership", []).append(mid)
    for session in sessions:
        for attendee in session.data.anwesenheit or ():
            if attendee.status == "anwesend":
                person(attendee.name)
    export.people = list(people.values())


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
            "person": _external_list(export, ("body", key, "person"), export.people),
            "meeting": _external_list(export, ("body", key, "meeting"), meetings),
            "paper": _external_list(export, ("body", key, "paper"), list(papers.values())),
            "legislativeTerm": terms, "created": now, "modified": now}
    export.add(body)
    _external_list(export, ("bodies",), [body])

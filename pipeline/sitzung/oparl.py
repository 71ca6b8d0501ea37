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
class Body:
    """One municipality of the export: the house styles with its name share it."""

    key: str            # the id part: its first house style's key
    style: HouseStyle   # that style (name, Wahlperioden)
    id: str
    organizations: dict[str, str] = field(default_factory=dict)  # Gremium -> id
    meetings: dict[str, list[str]] = field(default_factory=dict)  # Organization id -> ids
    papers: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)


@dataclass
class Export:
    base: str
    out: Path  # the export folder
    styles: list[HouseStyle]  # every house style the export draws on
    root: Path  # where the files are written: a staging folder until the export is complete
    objects: dict[str, dict] = field(default_factory=dict)  # id -> public object
    tombstones: dict[str, dict] = field(default_factory=dict)  # path -> tombstone, all
    deleted: list[str] = field(default_factory=list)  # ids this export made tombstones
    removed: list[str] = field(default_factory=list)  # files this export removed from `out`
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, slug) -> name
    bodies: dict[str, Body] = field(default_factory=dict)  # municipality -> its Body
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

    def body(self, style: HouseStyle) -> Body:
        """The Body of a house style's municipality (one per `name` in haus.yaml)."""
        town = style.config.name
        if town not in self.bodies:
            first = min((s for s in self.styles if s.config.name == town), key=lambda s: s.key,
                        default=style)
            key = slug(first.key)
            self.bodies[town] = Body(key, first, self.url("body", key))
        return self.bodies[town]

    def scoped(self, body: Body, name: str) -> str:
        """`name` as the id part of an object of `body`: as it is when the export has one
        municipality (the ids of a one-town project stay as they were), else with the
        Body's key before it, so two towns' Integrationsrat stay two."""
        towns = {s.config.name for s in self.styles}
        return name if len(towns) < 2 else f"{body.key} {name}"

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


def paper_key(export: Export, project: Project, top) -> str:
    """The name of a Vorlage's paper, its files and PDFs: the number, or an opaque hash of
    the draft while it has none (never its file name); in an export of several towns, whose
    numbers may be alike, after its town's key."""
    if top.nummer_vorlage:
        key = file_name(top.nummer_vorlage)
    else:
        draft = project.draft_key(top.draft_path).encode("utf-8")
        key = "entwurf-" + hashlib.sha256(draft).hexdigest()[:16]
    style = top.checked.style if top.checked is not None else None
    if style is None:
        return key
    body = export.body(style)
    return key if export.scoped(body, key) == key else f"{body.key}-{key}"


def _item_key(export: Export, project: Project, top, taken: set[str]) -> str:
    """The agenda item's name in its session: its Vorlage, else a hash of its title. Not the
    position: when a TOP leaves the public part, its id must become a tombstone, not name
    the TOP that moved up."""
    if top.draft_path is not None:
        key = "vorlage-" + paper_key(export, project, top)
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
        styles = {s.style.key: s.style for s in sessions} | {
            t.checked.style.key: t.checked.style for s in sessions for t in s.tops
            if t.checked is not None and t.checked.style is not None}
        export = Export(base, out, sorted(styles.values(), key=lambda s: s.key), root)
        _build(export, project, sessions, jobs)
        _bury(export)
        export.write()
        export.removed = apply(root, out)
    export.skipped = skipped
    return export


def _build(export: Export, project: Project, sessions: list[Session], jobs: int) -> None:
    def organization(style: HouseStyle, name: str) -> str:
        body = export.body(style)
        key = export.key("organization", export.scoped(body, name))
        oid = export.url("organization", key)
        if name not in body.organizations:
            body.organizations[name] = oid
            gremium = style.gremium(name)
            changed = stamp(style.folder / "haus.yaml")
            obj = {"id": oid, "type": SCHEMA + "Organization", "body": body.id, "name": name,
                   "organizationType": "Gremium",
                   "classification": classification(project, style, name),
                   "meeting": export.url("organization", key, "meeting"),
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
        for session in sessions:
            _session(export, project, session, organization, papers, pdfs, converter)
    _people(export, project, sessions)
    _relate(papers)
    for body in export.bodies.values():
        _body(export, body)
    _system(export)


def _relate(papers: dict[Path, dict]) -> None:
    """A follow-up (Ergänzung, Änderung) and the Vorlage it amends point to each other:
    superordinated is the one amended. Only between papers of this export, so no link names
    a Vorlage that is not public."""
    by_number = {p["reference"]: p for p in papers.values() if p.get("reference")}
    for paper in papers.values():
        base = by_number.get(paper.pop("_bezug", None) or "")
        if base is None or base is paper:
            continue
        paper.setdefault("superordinatedPaper", []).append(base["id"])
        base.setdefault("subordinatedPaper", []).append(paper["id"])
        for one, other in ((paper, base), (base, paper)):
            related = one.setdefault("relatedPaper", [])
            if other["id"] not in related:
                related.append(other["id"])


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


def _session(export: Export, project: Project, session: Session, organization, papers: dict,
             pdfs: dict, converter: Converter) -> None:
    """A session's Meeting with its public agenda items, their results and consultations,
    and, once it has results, its public Niederschrift as the results protocol."""
    meeting_id = _meeting(export, session, organization)
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
        item_key = f"{session_key}-{_item_key(export, project, top, taken)}"
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
            paper = papers.get(top.draft_path) or _paper(export, project, top,
                                                         pdfs[top.draft_path])
            papers[top.draft_path] = paper
            consultation_id = export.url("consultation", item_key)
            # The session check has found the step: dated that day, date open, or put off.
            step = step_for(top.checked.draft, session.data.gremium, session.data.datum,
                            session.recorded.get(top.draft_path, ()))
            role = session.style.rolle(step.zustaendigkeit)
            export.add({"id": consultation_id, "type": SCHEMA + "Consultation",
                        "paper": paper["id"], "agendaItem": item_id,
                        "meeting": meeting_id,
                        "organization": [organization(session.style, session.data.gremium)],
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
    bodies = sorted(export.bodies.values(), key=lambda b: b.key)
    ids = {b.id: b for b in bodies}
    for rel, stone in export.tombstones.items():
        # Listed in the Body the object belonged to, while it is exported; else in the first.
        try:
            was = json.loads((export.out / rel).read_text(encoding="utf-8")).get("body")
        except (OSError, ValueError, AttributeError):
            was = None
        stone_body = ids.get(was) or bodies[0]
        kind = stone["type"].rsplit("/", 1)[-1]
        if kind in BODY_LISTS:
            path = ("body", stone_body.key, BODY_LISTS[kind])
            listed = export.objects[export.url(*path)]
            _external_list(export, path, listed["data"] + [stone])


def _meeting(export: Export, session: Session, organization) -> str:
    data = session.data
    meeting_id = export.url("meeting", export.key("meeting", session.name))
    hour, _, minute = (data.beginn or data.uhrzeit).partition(":")
    start = datetime(data.datum.year, data.datum.month, data.datum.day, int(hour or 0),
                     int(minute or 0), tzinfo=ZoneInfo("Europe/Berlin")).isoformat(
                         timespec="seconds")
    org = organization(session.style, data.gremium)
    export.body(session.style).meetings.setdefault(org, []).append(meeting_id)
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
        body = export.body(session.style)
        extra["participant"] = [export.url("person", export.key("person",
                                                                export.scoped(body, n)))
                                for n in present]
    export.add({"id": meeting_id, "type": SCHEMA + "Meeting", "meetingState": state, **extra,
                "name": f"{data.gremium}, {data.datum:%d.%m.%Y}", "start": start,
                "location": {"id": export.url("location", export.key("meeting", session.name)),
                             "type": SCHEMA + "Location", "description": data.ort,
                             "created": stamp(session.path),
                             "modified": stamp(session.path)},
                "organization": [org], "agendaItem": [],
                "created": stamp(session.path), "modified": stamp(session.path)})
    return meeting_id


def _people(export: Export, project: Project, sessions: list[Session]) -> None:
    """A Person for each member of an exported Gremium (gremien.yaml, every Wahlperiode) and
    for everyone else a public session lists as present, each member with the Membership
    of each Gremium and period; each in the Body of the Gremium's municipality."""
    now = stamp(project.gremien.path) if project.gremien.path else \
        datetime.now(UTC).isoformat(timespec="seconds")

    def person(body: Body, name: str) -> dict:
        pid = export.url("person", export.key("person", export.scoped(body, name)))
        if pid not in export.objects:
            body.people.append(export.add({"id": pid, "type": SCHEMA + "Person",
                                           "body": body.id, "name": name, "membership": [],
                                           "created": now, "modified": now}))
        return export.objects[pid]

    seen: set[tuple[str, str]] = set()
    for session in sessions:
        body, gremium = export.body(session.style), session.data.gremium
        entry = project.gremien.entry(session.style, gremium)
        org = body.organizations.get(gremium)
        if entry is None or org is None or (body.key, gremium) in seen:
            continue
        seen.add((body.key, gremium))
        org_key = org.rsplit("/", 1)[-1]
        for period in entry.wahlperioden:
            for member in period.mitglieder:
                who = person(body, member.name)
                mid = export.url("membership", f"{org_key}-{period.von.isoformat()}-"
                                               f"{slug(member.name)}")
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
                person(export.body(session.style), attendee.name)


def copies_dir(project: Project) -> Path:
    """Where the publication copies are built: beside the project's other output, so the
    export folder holds only the export."""
    return project.output_dir / ".cache" / "oparl-vorlagen"


def _paper(export: Export, project: Project, top, pdf: Path) -> dict:
    draft, archived = top.checked.draft, top.archived
    reference = top.nummer_vorlage
    # A final is described as archived, not as its draft may read since.
    name = archived.betreff if archived else " ".join(draft.betreff.split())
    date = archived.datum if archived else (draft.datum.isoformat() if draft.datum else None)
    kind = archived.vorlagenart if archived else draft.vorlagenart
    key = paper_key(export, project, top)
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
    body = export.body(top.checked.style)  # a Vorlage belongs to its own town
    paper = {"id": paper_id, "type": SCHEMA + "Paper", "body": body.id,
             "name": name, "paperType": kind, "mainFile": main,
             "auxiliaryFile": auxiliary,
             "consultation": [], "created": created, "modified": created}
    if reference:
        paper["reference"] = reference
    if draft.bezug:  # linked to the Vorlage it amends once every paper is made (_relate)
        paper["_bezug"] = draft.bezug.strip()
    if date:  # a draft of a style whose Vorlagen print no date has none yet
        paper["date"] = date
    # The house style's declared fields, only those it publishes (OParl's vendor extension:
    # a property named with the product's prefix).
    fields = archived.published_fields() if archived else published_fields(
        declared_record(draft, top.checked.style, Formats(top.checked.style)))
    if fields:
        paper["ratsvorlagen:felder"] = fields
    body.papers.append(paper)
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


def _body(export: Export, body: Body) -> None:
    style = body.style
    now = datetime.now(UTC).isoformat(timespec="seconds")
    orgs = [export.objects[o] for o in body.organizations.values()]
    for oid in body.organizations.values():
        meetings = [export.objects[m] for m in body.meetings.get(oid, [])]
        export.objects[oid]["meeting"] = _external_list(
            export, ("organization", oid.rsplit("/", 1)[-1], "meeting"), meetings)
    meetings = [export.objects[m] for ids in body.meetings.values() for m in ids]
    terms = [{"id": export.url("legislativeterm", slug(w.name)),
              "type": SCHEMA + "LegislativeTerm", "body": body.id, "name": w.name,
              "startDate": w.von.isoformat(), "endDate": w.bis.isoformat(),
              "created": now, "modified": now} for w in style.wahlperioden]
    export.add({"id": body.id, "type": SCHEMA + "Body", "system": export.url("system"),
                "name": style.config.name,
                "organization": _external_list(export, ("body", body.key, "organization"),
                                               orgs),
                "person": _external_list(export, ("body", body.key, "person"), body.people),
                "meeting": _external_list(export, ("body", body.key, "meeting"), meetings),
                "paper": _external_list(export, ("body", body.key, "paper"), body.papers),
                "legislativeTerm": terms, "created": now, "modified": now})


def _system(export: Export) -> None:
    """The System and its list of Bodies, one per municipality."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    bodies = sorted(export.bodies.values(), key=lambda b: b.key)
    names = ", ".join(b.style.config.name for b in bodies)
    export.add({"id": export.url("system"), "type": SCHEMA + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/", "body": export.url("bodies"),
                "name": f"Ratsvorlagen: {names}", "product": PRODUCT,
                "created": now, "modified": now})
    _external_list(export, ("bodies",), [export.objects[b.id] for b in bodies])

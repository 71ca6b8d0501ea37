"""The drafts: list and search, the form, check, save, preview, follow-ups, and the PDFs and
Anlagen of each Vorlage. Each calls the same stages as the CLI."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from flask import (Blueprint, Response, abort, g, jsonify, redirect, render_template, request,
                   send_file, url_for)

from ..accounts import Item
from ..authoring import amend_draft, new_draft, updated
from ..build import number_for
from ..check import check_file
from ..errors import UserError
from ..files import atomic_save
from ..haus import default_draft_model, list_house_styles, load_house_style
from ..records import Archive, Register
from ..schema import draft_schema, load_yaml
from ..sitzung import session_drafts
from ..sitzung.results import IN_BERATUNG, beratungsstand, next_step, session_results
from ..workflow import (ACTIONS, RESULTS, DraftState, draft_state,
                        full_pdf_item, group_item)
from .access import PUBLIC, may, rule, workspace
from .form import for_people, form_layout, style_schema

blueprint = Blueprint("entwuerfe", __name__)


def form_problems(problems) -> list[dict]:
    """Problems as the browser shows them: by field, in German, without file positions (the
    browser user never sees the file, let alone a temporary copy of it)."""
    return [{"feld": p.field, "art": p.severity, "meldung": for_people(p.message)}
            for p in problems]


def request_register() -> Register | None:
    """The register, read-only, once per request (closed when the request ends)."""
    if "register" not in g:
        path = workspace().project.register_path
        g.register = Register.read_only(path) if path.exists() else None
    return g.register


def state(path: Path) -> DraftState:
    """The draft at `path` as the rules see it, memoised for the request."""
    cache = g.setdefault("draft_states", {})
    if path not in cache:
        cache[path] = draft_state(workspace().project, path, request_register())
    return cache[path]


def version(raw: bytes) -> str:
    """The version of a draft's bytes: a form is opened on one, and a save is made on it."""
    return hashlib.sha256(raw).hexdigest()


def stamp(path: Path) -> str:
    return version(path.read_bytes())


def named_draft(name: str) -> Path:
    path = workspace().draft_path(name)
    if not path.is_file():
        abort(404)
    return path


def draft_item(name: str, **_) -> Item:
    return state(named_draft(name)).item


MAX_DEPTH = 64  # as for YAML drafts (schema.check_nesting): no form nests deeper


def _depth(value, limit: int) -> bool:
    """Whether `value` nests no deeper than `limit` (walked without recursion)."""
    todo = [(value, 0)]
    while todo:
        item, level = todo.pop()
        if level > limit:
            return False
        if isinstance(item, dict):
            todo.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, level + 1) for v in item)
    return True


def _body() -> tuple[Path, dict]:
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # JSON nested beyond what the decoder follows
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        abort(400, "erwartet JSON mit `name` und `data`")
    if not _depth(body["data"], MAX_DEPTH):
        abort(400, f"Die Daten sind tiefer als {MAX_DEPTH} Ebenen verschachtelt")
    path = workspace().draft_path(str(body.get("name", "")))
    if not path.is_file():  # the form edits drafts that exist (new ones come from /neu)
        abort(404)
    return path, body["data"]


def form_body() -> tuple[Path, dict]:
    """The form's draft and data, after the route's rule: its Anlagen checked too."""
    path, data = _body()
    _refuse_foreign_anlagen(path, data)
    return path, data


def upload_folder(draft: Path) -> Path:
    """Where the editor stores the Anlagen uploaded to a draft (uploads.py)."""
    return draft.parent / "anlagen" / draft.stem


def foreign_anlagen() -> set[Path]:
    """The Anlage files of drafts whose group the user is not in (and of none they are)."""
    foreign, own = set(), set()
    for draft in workspace().drafts():
        seen = state(draft)
        anlagen = seen.data.get("anlagen") if isinstance(seen.data.get("anlagen"), list) else []
        files = {(draft.parent / str(a["datei"])).resolve() for a in anlagen
                 if isinstance(a, dict) and a.get("datei")}
        files |= {f.resolve() for f in upload_folder(draft).glob("*")}  # saved or not yet
        (own if may("lesen", group_item(seen)) else foreign).update(files)
    return foreign - own


def _refuse_foreign_anlagen(path: Path, data: dict) -> None:
    """A draft of one's own may not name another group's Anlage: saved, previewed or
    downloaded through it, the file would reach someone who may not read it."""
    anlagen = data.get("anlagen") if isinstance(data.get("anlagen"), list) else []
    named = {(path.parent / str(a.get("datei", ""))).resolve() for a in anlagen
             if isinstance(a, dict) and isinstance(a.get("datei"), str)}
    if named & foreign_anlagen():
        abort(403, "Eine der Anlage-Dateien gehört zu einer Vorlage, die Sie nicht sehen "
                   "dürfen")


def body_item() -> Item:
    return state(_body()[0]).item


def body_group_item() -> Item:
    return group_item(state(_body()[0]))


def _provisional(reg: Register, checked) -> str:
    """The number a draft would show if built now (held, typed, or a placeholder)."""
    try:
        numbering = number_for(checked, workspace().project, reg, False)
    except UserError:
        return "–"
    return numbering.nummer + (" (vorläufig)" if numbering.vorlaeufig else "")


def _sessions_of(reg: Register) -> dict[str, list[str]]:
    """Session names by the drafts on their agendas (unreadable session files skipped: the
    sessions page shows their errors)."""
    out: dict[str, list[str]] = {}
    for path in workspace().sessions():
        try:
            drafts = session_drafts(path, workspace().project, reg)
        except UserError:
            continue
        for draft in dict.fromkeys(drafts):
            out.setdefault(str(draft), []).append(path.stem)
    return out


@blueprint.get("/")
@rule("lesen")
def index():
    project, space = workspace().project, workspace()
    amt, sitzung = request.args.get("amt", ""), request.args.get("sitzung", "")
    words = request.args.get("q", "").casefold().split()
    rows, offices = [], set()
    with Register(project.register_path) as reg:  # one connection for the whole list
        in_sessions = _sessions_of(reg)
        recorded = session_results(project, reg)
        for path in space.drafts():
            seen = state(path)
            if not may("lesen", seen.item):
                continue  # a Vorlage one may not read is not listed, nor found
            checked = check_file(path, project)
            draft = checked.draft
            sessions = in_sessions.get(str(path.resolve()), [])
            office = draft.amt if draft else str(seen.data.get("amt", ""))
            offices.add(office)
            betreff = " ".join(draft.betreff.split()) if draft else "–"
            number = seen.number
            if seen.record is None and checked.ok:
                number = _provisional(reg, checked)
            text = f"{betreff} {number or ''} {path.name} {office}".casefold()
            if ((amt and office != amt) or (sitzung and sitzung not in sessions)
                    or not all(word in text for word in words)):
                continue
            rows.append({"name": path.relative_to(project.drafts_dir).as_posix(),
                         "betreff": betreff, "art": draft.vorlagenart if draft else "–",
                         "hausstil": checked.style.key if checked.style else "–",
                         "amt": office, "nummer": number or "–",
                         "final": seen.record is not None, "ok": checked.ok,
                         "fehler": len(checked.errors), "sitzungen": sessions,
                         "beratung": _deliberation(draft, recorded.get(path.resolve(), []),
                                                   seen.record is not None)})
    styles = [{"key": listed.key, "problem": listed.problem,
               "arten": [a.name for a in listed.style.config.vorlagenarten]
               if listed.style else []}
              for listed in list_house_styles(project.template_dirs)]
    return render_template("index.html", rows=rows, offices=sorted(o for o in offices if o),
                           sessions=[p.stem for p in space.sessions()], amt=amt,
                           sitzung=sitzung, styles=styles, q=request.args.get("q", ""),
                           own_aemter=_writable_aemter())


def _deliberation(draft, recorded: list, final: bool) -> str:
    """The Beratungsstand the list shows: once the Vorlage is final or a body has dealt with
    it; with the next body while it is in Beratung."""
    results = any(b.ergebnis for b in draft.beratungsfolge) if draft else False
    if draft is None or not (final or recorded or results):
        return ""
    stand = beratungsstand(draft, recorded)
    step = next_step(draft, recorded) if stand == IN_BERATUNG else None
    if step is None:
        return stand
    when = f" am {step.sitzung:%d.%m.%Y}" if step.sitzung else ""
    return f"{stand}: {step.gremium}{when}"


def _writable_aemter() -> list[tuple[str, str]]:
    """(key, name) of the Ämter the user may start a draft in."""
    project, user = workspace().project, g.user
    if project.config.aemter:
        listed = [(a.kennziffer, a.name) for a in project.config.aemter]
    else:
        listed = [(r.amt, r.amt) for r in user.rollen if r.amt]
    return [(key, name) for key, name in dict.fromkeys(listed)
            if may("anlegen", Item("vorlage", amt=key))]


def _new_item() -> Item:
    return Item("vorlage", amt=workspace().project.amt_key(request.form.get("amt", "")))


@blueprint.post("/neu")
@rule("anlegen", _new_item)
def new():
    space = workspace()
    name = request.form.get("datei", "").strip().removesuffix(".yaml")
    if not name or "/" in name or name.startswith("."):
        abort(400, "Dateiname fehlt oder ist ungültig")
    path = space.draft_path(f"{name}.yaml")
    style = space.checked_name(request.form.get("hausstil", "")) or None
    if path.exists():  # said without the path, and the same for any draft of that name
        abort(422, "Diesen Dateinamen gibt es schon; bitte einen anderen wählen")
    made = new_draft(space.project, path, style, request.form.get("art") or None)
    amt = dict(_writable_aemter()).get(space.project.amt_key(request.form["amt"]))
    data = load_yaml(made.path).data  # the scaffold, whose Amt becomes the writer's
    text = updated(made.path.read_text(encoding="utf-8"), {**data, "amt": amt})
    atomic_save(lambda p: Path(p).write_text(text, encoding="utf-8"), made.path)
    return redirect(url_for(".editor", name=made.path.relative_to(
        space.project.drafts_dir).as_posix()))


def _layout() -> dict:
    project = workspace().project
    names = [name for _, name in _writable_aemter()] if project.config.aemter else []
    return form_layout(project.template_dirs, project.config.hausstil, names, project.gremien)


def _style_of(checked, data: dict):
    """The house style the form follows: the draft's, else the project's default."""
    if checked.style is not None:
        return checked.style
    project = workspace().project
    name = data.get("hausstil") if isinstance(data.get("hausstil"), str) else None
    try:
        return load_house_style(name or project.config.hausstil, project.template_dirs)
    except UserError:
        return None


@blueprint.get("/entwurf/<path:name>")
@rule("lesen", draft_item)
def editor(name: str):
    path = named_draft(name)
    seen = state(path)
    if not may("lesen", group_item(seen)):  # a public final, read by someone outside
        record = seen.record
        return render_template(
            "vorlage.html", name=name, number=seen.number, record=record,
            datum=date.fromisoformat(record.datum).strftime("%d.%m.%Y"),
            gremien=", ".join(step["gremium"] for step in json.loads(record.gremien)),
            full_pdf=may("lesen", full_pdf_item(seen)))
    checked = check_file(path, workspace().project)
    flow = workspace().workflow()
    vorgang = flow.vorgang(checked) if flow and checked.ok else None
    actions = flow.actions(g.user, checked, vorgang) if vorgang else []
    anlagen = seen.data.get("anlagen") if isinstance(seen.data.get("anlagen"), list) else []
    built = _draft_pdf(path).is_file()
    return render_template(
        "editor.html", name=name, data=seen.data, layout=_layout(), stand=stamp(path),
        schema=style_schema(_style_of(checked, seen.data)),
        final=seen.record is not None, number=seen.number, record=seen.record,
        editable=may("bearbeiten", seen.item), may_amend=may("ergaenzen", seen.item),
        vorgang=vorgang, aktionen=actions, action_names=ACTIONS, results=RESULTS,
        full_pdf=may("lesen", full_pdf_item(seen)), built=built,
        anlagen=[a.get("titel") or a.get("datei") for a in anlagen if isinstance(a, dict)],
        problems=form_problems(checked.problems))


@blueprint.post("/entwurf/<path:name>/amend")
@rule("ergaenzen", draft_item)
def amend(name: str):
    space = workspace()
    seen = state(named_draft(name))
    new_path = amend_draft(space.project, seen.number, request.form.get("art",
                                                                          "Ergänzungsvorlage"))
    return redirect(url_for(".editor", name=new_path.relative_to(
        space.project.drafts_dir).as_posix()))


def _draft_pdf(path: Path) -> Path:
    """Where `vorlage build` writes a draft's PDF (output/<sub-folder>/<name>-ENTWURF.pdf)."""
    project = workspace().project
    folder = path.parent.relative_to(project.drafts_root_for(path))
    return project.output_dir / folder / f"{path.stem}-ENTWURF.pdf"


def _pdf(path: Path, download: str) -> Response:
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name=download,
                     max_age=0)


@blueprint.get("/entwurf/<path:name>/entwurf.pdf")
@rule("lesen", lambda name: group_item(state(named_draft(name))))
def draft_pdf(name: str):
    path = named_draft(name)
    return _pdf(_draft_pdf(path), f"{path.stem}-ENTWURF.pdf")


def _archived(name: str, copy: bool) -> Path:
    seen = state(named_draft(name))
    if seen.record is None:
        abort(404)
    datei = seen.record.kopie_datei if copy else seen.record.datei
    if not datei:
        abort(404)
    project = workspace().project
    register = request_register()
    if register is None:
        abort(404)
    with register:
        return Archive(register, project.archive_dir, project.root).file(datei)


@blueprint.get("/entwurf/<path:name>/final.pdf")
@rule("lesen", lambda name: full_pdf_item(state(named_draft(name))))
def final_pdf(name: str):
    return _pdf(_archived(name, False), _archived(name, False).name)


@blueprint.get("/entwurf/<path:name>/oeffentlich.pdf")
@rule("lesen", draft_item)
def public_pdf(name: str):
    return _pdf(_archived(name, True), _archived(name, True).name)


@blueprint.get("/entwurf/<path:name>/anlage/<int:nr>")
@rule("lesen", lambda name, nr: group_item(state(named_draft(name))))
def anlage(name: str, nr: int):
    path = named_draft(name)
    anlagen = state(path).data.get("anlagen")
    if not isinstance(anlagen, list) or not 1 <= nr <= len(anlagen) \
            or not isinstance(anlagen[nr - 1], dict):
        abort(404)
    root = workspace().project.drafts_root_for(path).resolve()
    file = (path.parent / str(anlagen[nr - 1].get("datei", ""))).resolve()
    if not file.is_relative_to(root) or not file.is_file() or file in foreign_anlagen():
        abort(404)
    return send_file(file, as_attachment=True, download_name=file.name, max_age=0)


@blueprint.get("/favicon.ico")
@rule(PUBLIC)
def favicon():
    return Response(status=204)


@blueprint.get("/schema.json")
@rule("lesen")
def schema_json():
    """The schema the form follows for a house style (`?hausstil=`), or the plain draft
    schema."""
    key = request.args.get("hausstil")
    if key is None:
        return jsonify(draft_schema(default_draft_model()))
    project = workspace().project
    try:
        style = load_house_style(workspace().checked_name(key), project.template_dirs)
    except UserError:
        abort(404)
    return jsonify(style_schema(style))


@blueprint.app_errorhandler(UserError)
def user_error(exc: UserError):
    return render_template("fehler.html", lines=[str(p) for p in exc.problems]), 422


"""The sessions: a calendar of them, each one's agenda with the state of each Vorlage,
building the packets, and the files a build made (editing: session_edit.py). A TOP shows its
title only to those who may read its Vorlage."""

from __future__ import annotations

import secrets
import threading
from datetime import date, datetime, timedelta
from itertools import groupby

from babel.dates import format_date, format_datetime
from flask import Blueprint, abort, g, redirect, render_template, send_file, url_for

from ..accounts import Item
from ..errors import UserError
from ..haus import load_house_style
from ..records import Register
from ..build import Batch, BuildOptions
from ..schema import load_yaml, validate
from ..sitzung import (PUBLIC_FILES, SessionFile, build_session, candidates, deadline,
                       load_session, session_status)
from ..sitzung.writing import version
from .access import may, rule, session_file_item, workspace
from .drafts import state

blueprint = Blueprint("sitzungen", __name__)
SESSION = Item("sitzung")
CLOSED = "Nichtöffentliche Angelegenheit"
UNFINISHED = "Vorlage in Bearbeitung"


GERMAN = "de_DE"


def german_day(day: date) -> str:
    return format_date(day, "EEEE, d. MMMM y", locale=GERMAN)


def _count(items) -> int:
    return sum(1 + _count(item.unterpunkte) for item in items)


def _overview(path) -> dict:
    """One line of the calendar: read from the session file alone (no Vorlage is opened, so
    the calendar stays quick and says nothing of any Vorlage)."""
    project = workspace().project
    built = project.output_dir / "sitzungen" / path.stem / "Tagesordnung.pdf"
    line = {"name": path.stem, "gebaut": _when(built) if built.is_file() else None}
    try:
        data = validate(load_yaml(path, "Sitzungsdatei"), SessionFile)
        style = load_house_style(data.hausstil or project.config.hausstil,
                                 project.template_dirs)
    except UserError as exc:
        said = [f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems]
        return {**line, "fehler": "; ".join(said), "datum": None}
    parts = data.oeffentlicher_teil + data.nichtoeffentlicher_teil
    vorlagen = sum(1 for item in parts if item.vorlage)
    due = data.datum - timedelta(days=style.deadline_days(data.gremium))
    return {**line, "fehler": None, "datum": data.datum, "gremium": data.gremium,
            "uhrzeit": data.uhrzeit, "ort": data.ort,
            "wochentag": format_date(data.datum, "EEE", locale=GERMAN),
            "tops": _count(parts), "vorlagen": vorlagen, "frist": due,
            "frist_vorbei": due < date.today()}


def _months(lines: list[dict]) -> list[tuple[str, list[dict]]]:
    return [(format_date(day, "LLLL y", locale=GERMAN), list(rows)) for day, rows in
            groupby(lines, key=lambda line: line["datum"].replace(day=1))]


@blueprint.get("/sitzungen")
@rule("lesen", lambda: SESSION)
def sessions():
    """The calendar: the coming sessions by month, soonest first; then the past ones,
    latest first."""
    lines = [_overview(p) for p in workspace().sessions()]
    dated = sorted((line for line in lines if line["datum"]),
                   key=lambda line: (line["datum"], line["uhrzeit"], line["gremium"]))
    today = date.today()
    coming = [line for line in dated if line["datum"] >= today]
    past = [line for line in reversed(dated) if line["datum"] < today]
    return render_template("sitzungen.html", coming=_months(coming), past=_months(past),
                           broken=[line for line in lines if not line["datum"]],
                           may_build=may("bauen", SESSION))


def session_file_path(name: str):
    path = workspace().session_path(f"{name}.yaml")
    if not path.is_file():
        abort(404)
    return path


def _shown(top, row) -> dict:
    """A row of the agenda as this user may see it."""
    if top.draft_path is not None:
        visible = may("lesen", state(top.draft_path).item)
    else:
        visible = top.public or may("bauen", SESSION)
    when = row.final_am and datetime.fromisoformat(row.final_am).astimezone()
    shown = {**vars(row), "final_am": f"{when:%d.%m.%Y %H:%M}" if when else None}
    if visible:
        return shown
    # Of a Vorlage one may not read, not even its state: final or late says something.
    return {**shown, "betreff": (top.oeffentlicher_titel or CLOSED) if not top.public
            else UNFINISHED, "vorlagennummer": None, "vorlage": None, "status": "",
            "final_am": None, "ergebnis": None, "beratungsstand": None}


def _when(path) -> str:
    """A file's time of change, in German: „03.09.2020, 14:02 Uhr“."""
    changed = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return format_datetime(changed, "dd.MM.yyyy, HH:mm 'Uhr'", locale=GERMAN)


def _placed(top, row: dict) -> dict:
    """Where a TOP stands in the file (for moving it): top-level items by part and
    position; a sub-item moves with its item."""
    key, nr = top.loc[0], top.loc[1]
    return {**row, "teil_key": key, "nr": nr, "oben": len(top.loc) == 2,
            "ohne_vorlage": not top.ref, "oeffentlicher_titel": top.oeffentlicher_titel}


@blueprint.get("/sitzung/<name>")
@rule("lesen", lambda name: SESSION)
def session(name: str):
    return render_session(name)


def render_session(name: str, message: str = "", field: str = "", status: int = 200,
                   entered: dict | None = None):
    """The session page; after a refused edit with `message` (at `field`) and what the
    user `entered`, in the state the file has now."""
    project = workspace().project
    path = session_file_path(name)
    raw = path.read_bytes()
    with Register(project.register_path) as reg:
        loaded = load_session(path, project, reg)
        rows = [_placed(top, _shown(top, row)) for top, row in
                zip(loaded.tops, session_status(loaded, project, reg), strict=True)]
    folder = project.output_dir / "sitzungen" / name
    files = [f for f in sorted(folder.glob("*.pdf"))] if folder.is_dir() else []
    files = [{"name": f.name, "gebaut": _when(f)} for f in files
             if may("lesen", session_file_item(f.name, PUBLIC_FILES))]
    builder = may("bauen", SESSION)
    problems = [str(p) for p in loaded.problems] if builder else []
    planned = _planned(loaded) if builder else []
    due = deadline(loaded)
    parts = [(key, label, [r for r in rows if r["teil_key"] == key])
             for key, label in (("oeffentlicher_teil", "Öffentlicher Teil"),
                                ("nichtoeffentlicher_teil", "Nichtöffentlicher Teil"))]
    sizes = {key: len(getattr(loaded.data, key)) for key, _, _ in parts}
    return render_template("sitzung.html", name=name, session=loaded, rows=rows,
                           day=german_day(loaded.data.datum), parts=parts, sizes=sizes,
                           files=files, problems=problems, may_build=builder,
                           planned=planned, stand=version(raw), frist=due,
                           frist_vorbei=due < date.today(), meldung=message, feld=field,
                           eingabe=entered or {},
                           has_results=any(t.ergebnis for t in loaded.tops),
                           workflow=project.config.workflow), status


def _planned(session) -> list[dict]:
    """The Vorlagen one may read whose Beratungsfolge plans this session (also with the date
    still open) and that are not on its agenda yet: the Sitzungsdienst's candidates."""
    space = workspace()
    readable = [p for p in space.drafts() if may("lesen", state(p).item)]
    return [{"name": c.path.relative_to(space.project.drafts_dir).as_posix(),
             "betreff": c.betreff, "termin_offen": c.termin_offen,
             "vertagt_am": f"{c.vertagt_am:%d.%m.%Y}" if c.vertagt_am else None,
             "teil": "öffentlich" if c.oeffentlich else "nichtöffentlich"}
            for c in candidates(session, readable, space.project)]


@blueprint.post("/sitzung/<name>/bauen")
@rule("bauen", lambda name: SESSION)
def build(name: str):
    space = workspace()
    project = space.project
    build_session(load_session(session_file_path(name), project), project,
                  project.output_dir / "sitzungen" / name, converter=space.converter)
    return redirect(url_for(".session", name=name))


@blueprint.post("/sitzung/<name>/vorlagen-bauen")
@rule("bauen", lambda name: SESSION)
def build_vorlagen(name: str):
    """Every Vorlage on the session's agenda as a draft PDF (as `vorlage build` makes it), in
    the background on the server's resident LibreOffice workers: no cold start."""
    space = workspace()
    project = space.project
    loaded = load_session(session_file_path(name), project)
    paths = [top.draft_path for top in loaded.vorlagen() if top.checked is not None]
    options = BuildOptions(out_dir=project.output_dir, jobs=space.converter.jobs)
    return _background(name, "Vorlagen bauen", "Vorlagen der Tagesordnung", paths, options)


def _background(name: str, title: str, counted: str, paths: list, options: BuildOptions,
                late: bool = False):
    """Runs one batch in a thread and sends the user to the page that shows its progress."""
    space = workspace()
    job = {"sitzung": name, "titel": title, "gezaehlt": counted, "total": len(paths),
           "done": [], "finished": False, "tischvorlage": late, "sekunden": None}
    key = secrets.token_urlsafe(8)
    space.jobs[key] = job

    def run():
        try:
            result = Batch(space.project, options, on_done=lambda o: job["done"].append(o),
                           converter=space.converter).run(paths)
            job["sekunden"] = result.seconds
        finally:
            job["finished"] = True
    if paths:
        threading.Thread(target=run, name=f"auftrag-{name}", daemon=True).start()
    else:
        job["finished"] = True
    return redirect(url_for(".job", key=key), 303)


@blueprint.post("/sitzung/<name>/finalisieren")
@rule("bauen", lambda name: SESSION)
def finalise_all(name: str):
    """Every released Vorlage of the session becomes final in one batch (the same batch as
    `vorlage build --final`), in the background; the job page shows the progress."""
    space = workspace()
    flow = space.workflow()
    if flow is None:
        abort(404)
    project = space.project
    loaded = load_session(session_file_path(name), project)
    released = []
    for top in loaded.vorlagen():
        checked = top.checked
        if checked is not None and checked.ok and flow.vorgang(checked).state == "freigegeben":
            released.append(top.draft_path)
    options = BuildOptions(out_dir=project.output_dir, final=True, jobs=space.converter.jobs,
                           by=g.user.name)
    return _background(name, "Finalisieren", "freigegebenen Vorlagen", released, options,
                       late=date.today() > deadline(loaded))


@blueprint.get("/auftrag/<key>")
@rule("bauen", lambda key: SESSION)
def job(key: str):
    found = workspace().jobs.get(key)
    if found is None:
        abort(404)
    return render_template("auftrag.html", job=found)


@blueprint.get("/sitzung/<name>/datei/<file>")
@rule("lesen", lambda name, file: session_file_item(file, PUBLIC_FILES))
def session_file(name: str, file: str):
    session_file_path(name)
    folder = (workspace().project.output_dir / "sitzungen" / name).resolve()
    path = (folder / workspace().checked_name(file)).resolve()
    if path.parent != folder or path.suffix != ".pdf" or not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name=path.name, max_age=0)

"""The sessions: their agendas with the state of each Vorlage, building the packets, and the
files a build made. A TOP shows its title only to those who may read its Vorlage."""

from __future__ import annotations

import secrets
import threading
from datetime import date, datetime

from babel.dates import format_date
from flask import Blueprint, abort, g, redirect, render_template, send_file, url_for

from ..accounts import Item
from ..records import Register
from ..build import Batch, BuildOptions
from ..sitzung import (PUBLIC_FILES, build_session, candidates, deadline, load_session,
                       session_status)
from .access import may, rule, session_file_item, workspace
from .drafts import state

blueprint = Blueprint("sitzungen", __name__)
SESSION = Item("sitzung")
CLOSED = "Nichtöffentliche Angelegenheit"
UNFINISHED = "Vorlage in Bearbeitung"


@blueprint.get("/sitzungen")
@rule("lesen", lambda: SESSION)
def sessions():
    return render_template("sitzungen.html", sessions=[p.stem for p in workspace().sessions()])


def _path(name: str):
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
            "final_am": None}


@blueprint.get("/sitzung/<name>")
@rule("lesen", lambda name: SESSION)
def session(name: str):
    project = workspace().project
    path = _path(name)
    with Register(project.register_path) as reg:
        loaded = load_session(path, project, reg)
        rows = [_shown(top, row) for top, row in
                zip(loaded.tops, session_status(loaded, project, reg), strict=True)]
    folder = project.output_dir / "sitzungen" / name
    files = [f.name for f in sorted(folder.glob("*.pdf"))] if folder.is_dir() else []
    files = [f for f in files if may("lesen", session_file_item(f, PUBLIC_FILES))]
    problems = [str(p) for p in loaded.problems] if may("bauen", SESSION) else []
    planned = _planned(loaded) if may("bauen", SESSION) else []
    day = format_date(loaded.data.datum, "EEEE, d. MMMM y", locale="de_DE")
    return render_template("sitzung.html", name=name, session=loaded, rows=rows, day=day,
                           files=files, problems=problems, may_build=may("bauen", SESSION),
                           planned=planned,
                           workflow=project.config.workflow)


def _planned(session) -> list[dict]:
    """The Vorlagen one may read whose Beratungsfolge plans this session (also with the date
    still open) and that are not on its agenda yet: the Sitzungsdienst's candidates."""
    space = workspace()
    readable = [p for p in space.drafts() if may("lesen", state(p).item)]
    return [{"name": c.path.relative_to(space.project.drafts_dir).as_posix(),
             "betreff": c.betreff, "termin_offen": c.termin_offen,
             "teil": "öffentlich" if c.oeffentlich else "nichtöffentlich"}
            for c in candidates(session, readable, space.project)]


@blueprint.post("/sitzung/<name>/bauen")
@rule("bauen", lambda name: SESSION)
def build(name: str):
    project = workspace().project
    build_session(load_session(_path(name), project), project,
                  project.output_dir / "sitzungen" / name, jobs=1)
    return redirect(url_for(".session", name=name))


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
    loaded = load_session(_path(name), project)
    released = []
    for top in loaded.vorlagen():
        checked = top.checked
        if checked is not None and checked.ok and flow.vorgang(checked).state == "freigegeben":
            released.append(top.draft_path)
    late = date.today() > deadline(loaded)
    job = {"sitzung": name, "total": len(released), "done": [], "finished": False,
           "tischvorlage": late}
    key = secrets.token_urlsafe(8)
    space.jobs[key] = job
    options = BuildOptions(out_dir=project.output_dir, final=True, jobs=1, by=g.user.name)

    def run():
        try:
            Batch(project, options, on_done=lambda o: job["done"].append(o),
                  converter=space.converter).run(released)
        finally:
            job["finished"] = True
    if released:
        threading.Thread(target=run, name=f"finalisieren-{name}", daemon=True).start()
    else:
        job["finished"] = True
    return redirect(url_for(".job", key=key), 303)


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
    _path(name)
    folder = (workspace().project.output_dir / "sitzungen" / name).resolve()
    path = (folder / workspace().checked_name(file)).resolve()
    if path.parent != folder or path.suffix != ".pdf" or not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name=path.name, max_age=0)

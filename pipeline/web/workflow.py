"""The way of a Vorlage in the browser (`workflow: ja`): the steps of Mitzeichnung, Freigabe
and finalising on a Vorlage, its history (the sign-offs and the audit trail), and each
person's inbox, Meine Aufgaben. The rules are the workflow engine's; a refusal is a 403."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..build import Batch, BuildOptions
from ..check import check_file
from ..errors import UserError
from ..records import Archive
from ..workflow import ACTIONS, RESULTS, Refused, Workflow, group_item, visible_entries
from .access import may, rule, workspace
from .drafts import named_draft, request_register, state

blueprint = Blueprint("weg", __name__)


@blueprint.post("/entwurf/<path:name>/aktion")
@rule("lesen", lambda name: group_item(state(named_draft(name))))
def act(name: str):
    """One step of the way (Mitzeichnung, Freigabe, …); the workflow decides who may."""
    flow, path = workspace().workflow(), named_draft(name)
    if flow is None:
        abort(404)
    checked = check_file(path, workspace().project)
    if not checked.ok:
        abort(409, "Der Entwurf hat Fehler; erst beheben, dann weiter")
    action = request.form.get("aktion", "")
    try:
        if action == "finalisieren":
            _finalise(flow, checked)
        else:
            flow.act(g.user, action, checked, stelle=request.form.get("stelle") or None,
                     ergebnis=request.form.get("ergebnis", "erteilt"),
                     kommentar=request.form.get("kommentar"))
    except Refused as exc:
        abort(403, exc.format_message())
    return redirect(url_for("entwuerfe.editor", name=name), 303)


def _finalise(flow: Workflow, checked) -> None:
    """The Sitzungsdienst's button: the same batch as `vorlage build --final`."""
    if "finalisieren" not in flow.actions(g.user, checked):
        raise Refused("Finalisieren nicht möglich: nur der Sitzungsdienst, und erst nach der "
                      "Freigabe")
    space = workspace()
    options = BuildOptions(out_dir=space.project.output_dir, final=True, jobs=1,
                           by=g.user.name)
    outcome = Batch(space.project, options, converter=space.converter).run(
        [checked.path]).outcomes[0]
    if outcome.status == "fehler":
        raise UserError(outcome.errors)


@blueprint.get("/entwurf/<path:name>/verlauf")
@rule("lesen", lambda name: group_item(state(named_draft(name))))
def history(name: str):

    path = named_draft(name)
    project = workspace().project
    entries = visible_entries(project, g.user, workspace().audit(), request_register(),
                              project.draft_key(path))
    flow = workspace().workflow()
    checked = check_file(path, project)
    signoffs = flow.vorgang(checked).history if flow and checked.ok else []
    names = {**ACTIONS, "speichern": "Gespeichert", "zurueckgesetzt": "Zurückgesetzt",
             "finalisiert": "Finalisiert", "anlage_hochgeladen": "Anlage hochgeladen"}
    return render_template("verlauf.html", name=name, entries=entries, signoffs=signoffs,
                           results=RESULTS, action_names=names, **_earlier(path))


def _earlier(path: Path) -> dict:
    """A follow-up's history begins with who signed and released the Vorlage it follows
    (as archived with that final): they count no longer, but they stay to be read."""
    bezug = state(path).data.get("bezug")
    register = request_register()
    if not isinstance(bezug, str) or register is None:
        return {"bezug": None, "earlier": []}
    project = workspace().project
    record = Archive(register, project.archive_dir, project.root).record(bezug)
    earlier = json.loads(record.freigabe) if record and record.freigabe else []
    return {"bezug": bezug, "earlier": earlier}


@blueprint.get("/aufgaben")
@rule("lesen")
def inbox():
    """Meine Aufgaben: what waits for this user, and what came back to their Amt."""
    flow, project = workspace().workflow(), workspace().project
    rows = []
    for path in workspace().drafts() if flow else []:
        if not may("lesen", group_item(state(path))):
            continue
        checked = check_file(path, project)
        if not checked.ok:
            continue
        vorgang = flow.vorgang(checked)
        todo = [ACTIONS[a] for a in flow.actions(g.user, checked, vorgang)
                if a in ("mitzeichnen", "stellungnahme", "freigeben", "finalisieren")]
        own = may("bearbeiten", state(path).item) and not g.user.holds("sitzungsdienst")
        notes = []
        if own and vorgang.state == "zurueckgegeben":
            notes.append(f"zurückgegeben: {vorgang.comment or ''}")
        if own and vorgang.refused:
            notes.append("Mitzeichnung verweigert")
        if own:
            notes += [s.zurueckgesetzt for s in vorgang.history
                      if s.zurueckgesetzt and s.zurueckgesetzt != "ersetzt"][-3:]
        if todo or notes:
            rows.append({"name": path.relative_to(project.drafts_dir).as_posix(),
                         "betreff": " ".join(checked.draft.betreff.split()),
                         "zustand": vorgang.state_name, "aufgaben": todo, "hinweise": notes})
    return render_template("aufgaben.html", rows=rows, workflow=flow is not None)

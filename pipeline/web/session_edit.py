"""The Sitzungsdienst edits sessions in the browser: a new session, its Kopf (Gremium, date,
time, place, Einladung, house style), and its agenda (candidates taken on, plain items
added, retitled, moved, removed).

Every edit is written into the session YAML the CLI reads (sitzung/writing.py: round trip,
validation, atomic write) on the version the page was made from; an edit made on an older
version is refused and the page shows the file as it is now. Each write is in the audit
trail with its diff.
"""

from __future__ import annotations

import difflib
import re
from difflib import get_close_matches

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..errors import UserError
from ..haus import list_house_styles
from ..records import Register
from ..sitzung import candidates, load_session
from ..sitzung.writing import (HEADER, PARTS, Stale, agenda_ref, current, gremien, moved,
                               retitled, session_file_name, validated, with_item, without,
                               write_session)
from .access import may, rule, workspace
from .drafts import form_problems, state
from .sessions import SESSION, session_file_path, render_session

blueprint = Blueprint("sitzung_bearbeiten", __name__)
LABELS = {"hausstil": "Hausstil", "gremium": "Gremium", "datum": "Datum", "uhrzeit": "Uhrzeit",
          "ort": "Ort", "einladungsdatum": "Einladungsdatum"}
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _styles() -> list[tuple[str, list[str]]]:
    """(house style, its Gremien) of every house style that loads."""
    project = workspace().project
    return [(listed.key, gremien(project, listed.style))
            for listed in list_house_styles(project.template_dirs) if listed.style]


def _entered() -> dict:
    """The Kopf as the form sent it; dates of the date pickers (2020-09-03) as the session
    files write them (03.09.2020)."""
    values = {key: request.form.get(key, "").strip() for key in HEADER}
    for key in ("datum", "einladungsdatum"):
        found = ISO.fullmatch(values[key])
        if found:
            values[key] = f"{found[3]}.{found[2]}.{found[1]}"
    return values


def _gremium_problem(values: dict, before: str | None) -> dict | None:
    """A Gremium outside the house style's list (one already in the file may stay)."""
    names = dict(_styles()).get(values["hausstil"] or workspace().project.config.hausstil)
    if names is None:
        return {"feld": "hausstil", "meldung": "Diesen Hausstil gibt es nicht"}
    name = values["gremium"]
    if not name or not names or name in names or name == before:
        return None
    close = get_close_matches(name, names, 1)
    hint = f"; meinten Sie „{close[0]}“?" if close else ""
    return {"feld": "gremium", "meldung": f"„{name}“ ist kein Gremium des Hausstils{hint}"}


def _problems(exc: UserError) -> list[dict]:
    return [{"feld": p["feld"].split(".")[0].split("[")[0], "meldung": p["meldung"]}
            for p in form_problems(exc.problems)]


def _form(values: dict, problems: list[dict], status: int = 200, name: str | None = None,
          stand: str = "", message: str = ""):
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem["feld"] if problem["feld"] in HEADER else "",
                            []).append(problem["meldung"])
    styles = _styles()
    return render_template("sitzung_form.html", werte=values, meldungen=by_field,
                           styles=styles, labels=LABELS, name=name, stand=stand,
                           meldung=message, eingabe=_pickable(values),
                           known={g for _, names in styles for g in names},
                           standard=workspace().project.config.hausstil), status


def _pickable(values: dict) -> dict:
    """The values the browser's date and time pickers can show (2020-09-03, 15:00); None
    for a value they cannot, which then stays in a text field as written."""
    out: dict = {"uhrzeit": values["uhrzeit"] if re.fullmatch(r"\d{2}:\d{2}",
                                                             values["uhrzeit"]) else None}
    for key in ("datum", "einladungsdatum"):
        found = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", values[key])
        out[key] = f"{found[3]}-{found[2]}-{found[1]}" if found else None
    if not values["uhrzeit"]:
        out["uhrzeit"] = ""
    for key in ("datum", "einladungsdatum"):
        if not values[key]:
            out[key] = ""
    return out


def _header(values: dict) -> dict:
    return {key: values[key] for key in HEADER if values[key]}


def text_diff(before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        "vorher", "nachher", n=0))


@blueprint.get("/sitzungen/neu")
@rule("bauen", lambda: SESSION)
def new_form():
    return _form({key: "" for key in HEADER}, [])


@blueprint.post("/sitzungen/neu")
@rule("bauen", lambda: SESSION)
def create():
    space = workspace()
    values = _entered()
    wrong = _gremium_problem(values, None)
    if wrong:
        return _form(values, [wrong], 422)
    data = _header(values)
    folder = space.project.sessions_dir
    try:
        model = validated(folder / ".neu.yaml", data)
    except UserError as exc:
        return _form(values, _problems(exc), 422)
    path = space.session_path(session_file_name(model.gremium, model.datum))
    try:
        _, text, stand = write_session(path, data, None)
    except FileExistsError:
        taken = f"An diesem Tag gibt es schon eine Sitzung dieses Gremiums ({path.stem})"
        return _form(values, [{"feld": "datum", "meldung": taken}], 422)
    except UserError as exc:
        return _form(values, _problems(exc), 422)
    space.log("sitzung_anlegen", space.project.draft_key(path), diff=text_diff("", text))
    space.presence.saved(path, stand, g.user.anzeigename or g.user.name)
    return redirect(url_for("sitzungen.session", name=path.stem), 303)


def read_session_file(name: str):
    try:
        return current(session_file_path(name))
    except UserError as exc:  # a YAML mistake from outside the browser: say so, change nothing
        abort(409, "Die Sitzungsdatei ist zurzeit nicht lesbar: " + str(exc.problems[0]))


@blueprint.get("/sitzung/<name>/bearbeiten")
@rule("bauen", lambda name: SESSION)
def edit_form(name: str):
    _, data, stand = read_session_file(name)
    return _form({key: str(data.get(key) or "") for key in HEADER}, [], name=name, stand=stand)


def stale_message(path, now: str, saved: dict | None = None, values: dict | None = None) -> str:
    who = workspace().presence.saved_by(path, now)
    text = "Die Sitzung wurde inzwischen geändert" + (f" (von {who})" if who else "") + \
           "; nichts wurde gespeichert."
    if saved is not None and values is not None:
        differs = [f"{LABELS[k]}: „{saved.get(k) or ''}“" for k in HEADER
                   if str(saved.get(k) or "") != values[k]]
        if differs:
            text += " Gespeichert ist jetzt: " + ", ".join(differs) + "."
        text += " Speichern übernimmt Ihre Eingaben in die neue Fassung."
    return text


@blueprint.post("/sitzung/<name>/bearbeiten")
@rule("bauen", lambda name: SESSION)
def edit(name: str):
    space, path = workspace(), session_file_path(name)
    values = _entered()
    _, data, now = read_session_file(name)
    if request.form.get("stand") != now:
        return _form(values, [], 409, name, now, stale_message(path, now, data, values))
    wrong = _gremium_problem(values, str(data.get("gremium") or ""))
    if wrong:
        return _form(values, [wrong], 422, name, now)
    header = _header(values)
    rest = {k: v for k, v in data.items() if k not in HEADER}
    try:
        before, after, stand = write_session(path, {**header, **rest}, now)
    except Stale as exc:
        return _form(values, [], 409, name, str(exc), stale_message(path, str(exc)))
    except UserError as exc:
        return _form(values, _problems(exc), 422, name, now)
    if after != before:
        space.log("sitzung_bearbeiten", space.project.draft_key(path), aktion="kopf",
                  diff=text_diff(before, after))
        space.presence.saved(path, stand, g.user.anzeigename or g.user.name)
    return redirect(url_for("sitzungen.session", name=name), 303)


def _number(key: str) -> int:
    try:
        return int(request.form.get(key, ""))
    except ValueError:
        abort(400, f"`{key}` fehlt oder ist keine Zahl")


def _part(key: str = "teil") -> str:
    teil = request.form.get(key, "")
    if teil not in PARTS:
        abort(400, f"`{key}` ist kein Teil der Tagesordnung")
    return teil


def _taken_on(name: str, data: dict) -> dict:
    """A candidate put on the agenda, in the part its Beratung asks for."""
    space = workspace()
    draft = space.draft_path(request.form.get("entwurf", ""))
    if not draft.is_file() or not may("lesen", state(draft).item):
        abort(404)
    project = space.project
    with Register(project.register_path) as reg:
        session = load_session(session_file_path(name), project, reg)
        found = candidates(session, [draft], project, reg)
        if not found:
            raise UserError("Diese Vorlage ist nicht (mehr) für die Sitzung vorgesehen oder "
                            "steht schon auf der Tagesordnung")
        ref = agenda_ref(draft, project, reg)
    return with_item(data, PARTS[0] if found[0].oeffentlich else PARTS[1], {"vorlage": ref})


def _titled(data: dict, teil: str) -> dict:
    titel = " ".join(request.form.get("titel", "").split())
    if not titel:
        raise UserError("Bitte einen Titel eingeben")
    item = {"titel": titel}
    public = " ".join(request.form.get("oeffentlicher_titel", "").split())
    if public and teil == PARTS[1]:
        item["oeffentlicher_titel"] = public
    return item


def _changed(name: str, data: dict, aktion: str) -> dict:
    """`data` with the agenda edit of the request applied."""
    if aktion == "aufnehmen":
        return _taken_on(name, data)
    if aktion == "neu":
        teil = _part()
        return with_item(data, teil, _titled(data, teil))
    teil, nr = _part(), _number("nr")
    other = PARTS[1] if teil == PARTS[0] else PARTS[0]
    size = len(data.get(teil) or [])
    if aktion == "hoch":  # the first closed item moves up into the public part, at its end
        return moved(data, teil, nr, teil, nr - 1) if nr > 0 or teil == PARTS[0] else \
            moved(data, teil, nr, other, len(data.get(other) or []))
    if aktion == "runter":  # the last public item moves down into the closed part, first
        return moved(data, teil, nr, teil, nr + 1) if nr < size - 1 or teil == PARTS[1] \
            else moved(data, teil, nr, other, 0)
    if aktion == "teil":
        return moved(data, teil, nr, other, len(data.get(other) or []) if other == PARTS[0]
                     else 0)
    if aktion == "verschieben":
        return moved(data, teil, nr, _part("ziel_teil"), _number("ziel_nr"))
    if aktion == "entfernen":
        return without(data, teil, nr)
    if aktion == "titel":
        item = _titled(data, teil)
        return retitled(data, teil, nr, item["titel"], item.get("oeffentlicher_titel", ""))
    abort(400, "unbekannte Aktion")


@blueprint.post("/sitzung/<name>/tagesordnung")
@rule("bauen", lambda name: SESSION)
def agenda(name: str):
    space, path = workspace(), session_file_path(name)
    aktion = request.form.get("aktion", "")
    _, data, now = read_session_file(name)
    if request.form.get("stand") != now:
        return render_session(name, stale_message(path, now) + " Die Tagesordnung unten ist "
                              "die gespeicherte; bitte die Änderung erneut vornehmen.",
                              status=409)
    try:
        before, after, stand = write_session(path, _changed(name, data, aktion), now)
    except Stale as exc:
        return render_session(name, stale_message(path, str(exc)), status=409)
    except UserError as exc:
        return render_session(name, " ".join(p.message for p in exc.problems),
                              field=f"{aktion}:{request.form.get('teil', '')}:"
                                    f"{request.form.get('nr', '')}", status=422,
                              entered=dict(request.form))
    if after != before:
        space.log("sitzung_bearbeiten", space.project.draft_key(path), aktion=aktion,
                  diff=text_diff(before, after))
        space.presence.saved(path, stand, g.user.anzeigename or g.user.name)
    return redirect(url_for("sitzungen.session", name=name) + "#tagesordnung", 303)

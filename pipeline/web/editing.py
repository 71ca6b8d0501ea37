"""The form's conversation with the server while someone writes: check, save, preview, and
who else has the draft open.

A save carries the version of the file it was made on (`stand`, a hash of the file) and the
data the form was opened on (`basis`). Only the fields the user changed are written, onto the
file as it is now: another person's save in between is kept, and when both changed the same
field (or the same list entry), nothing is written and the form shows both versions.
"""

from __future__ import annotations

import difflib
import json
import secrets
import tempfile
import threading
import time
from pathlib import Path

from flask import Blueprint, Response, abort, g, jsonify, request

from ..authoring import DELETED, changes, overlapping, patched, same_data, updated
from ..build import Batch, BuildOptions
from ..check import check_file
from ..errors import UserError
from ..files import atomic_save
from ..render import markdown_html
from ..schema import load_yaml, value_at
from ..workflow import draft_state
from .access import may, rule, workspace
from .drafts import body_group_item, body_item, form_body, form_problems, stamp, version

blueprint = Blueprint("bearbeiten", __name__)
_locks: dict[Path, threading.Lock] = {}  # per draft: read, compare and write as one step
_locks_lock = threading.Lock()


def _saving(path: Path) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(path, threading.Lock())


def _with_text(path: Path, text: str, work):
    """Runs `work(temp_path)` on `text` written next to the draft, so relative Anlage paths
    and folder rules hold as for the real file."""
    temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.yaml")
    temp.write_text(text, encoding="utf-8")
    try:
        return work(temp)
    finally:
        temp.unlink(missing_ok=True)


def _json() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _shown(value) -> str:
    if value is DELETED or value is None:
        return "(leer)"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _readable(path: Path) -> str | None:
    """The draft's text, or None when it is no YAML the form can apply its data to."""
    try:
        load_yaml(path, "Entwurf")
    except UserError:
        return None
    return path.read_text(encoding="utf-8")


def _current(path: Path) -> tuple[str, dict]:
    try:
        data = load_yaml(path, "Entwurf").data
        text = path.read_text(encoding="utf-8")  # as read, after load_yaml checked it
    except UserError:
        abort(409, "Die Datei des Entwurfs ist zurzeit nicht lesbar (z. B. ein YAML-Fehler "
                   "aus einer Bearbeitung außerhalb des Browsers); bitte den Sitzungsdienst "
                   "fragen. Ihre Eingaben sind noch im Formular.")
    return text, data if isinstance(data, dict) else {}


@blueprint.post("/api/pruefen")
@rule("lesen", body_group_item)
def api_check():
    path, data = form_body()
    text = _readable(path)
    if text is None:  # the file's own trouble (encoding, YAML) is what there is to show
        return jsonify(probleme=form_problems(check_file(path, workspace().project).problems))
    problems = _with_text(path, updated(text, data),
                          lambda temp: check_file(temp, workspace().project).problems)
    return jsonify(probleme=form_problems(problems))


@blueprint.post("/api/speichern")
@rule("bearbeiten", body_item)
def api_save():
    path, data = form_body()
    body, space = _json(), workspace()
    with _saving(path):
        text, current = _current(path)
        now = stamp(path)  # of the bytes, as the editor page was given it
        basis = body["basis"] if isinstance(body.get("basis"), dict) else current
        mine = changes(basis, data)
        if body.get("stand") not in (None, now):
            clash = overlapping(mine, changes(basis, current))
            if clash and body.get("ueberschreiben") != now:
                return jsonify(konflikt=[{"feld": c.field, "ihre": _shown(c.value),
                                          "gespeichert": _shown(value_at(current, c.path))}
                                         for c in clash],
                               stand=now, daten=current,
                               von=space.presence.saved_by(path, now)), 409
        target = patched(current, mine)
        new_text = updated(text, target) if mine else text
        if new_text == text:  # nothing changed, or only in a way that writes the same
            return jsonify(gespeichert=True, stand=now, daten=current, zurueckgesetzt=[],
                           probleme=form_problems(check_file(path, space.project).problems))
        return _write(path, text, new_text, target, body,
                      merged=body.get("stand") not in (None, now))


def _write(path: Path, text: str, new_text: str, target: dict, body: dict, merged: bool):
    space, project = workspace(), workspace().project
    checked_after, after = _with_text(path, new_text, lambda temp: (
        check_file(temp, project), draft_state(project, temp, None).item))
    written = checked_after.loaded.data if checked_after.loaded else None
    if written is None or not same_data(written, target):
        # The YAML writer would not say what the form says: write nothing, say so.
        space.log("speichern_verweigert", project.draft_key(path))
        abort(500, "Der Entwurf konnte nicht sicher gespeichert werden; die Datei ist "
                   "unverändert. Bitte den Sitzungsdienst informieren.")
    if after.amt is None:
        abort(422, "Ohne gültiges Amt wäre der Entwurf nur noch für den Sitzungsdienst "
                   "sichtbar; bitte ein Amt der Liste eintragen")
    if not may("bearbeiten", after):
        abort(403, "Das Amt kann nur auf ein Amt gesetzt werden, für das Sie schreiben")
    flow = space.workflow()
    old = check_file(path, project) if flow else None
    resets = flow.resets(old, checked_after) if flow else []
    if resets and body.get("bestaetigt") is not True:
        return jsonify(warnung=resets), 409  # the form asks before it resets a sign-off
    raw = new_text.encode("utf-8")
    atomic_save(lambda p: Path(p).write_bytes(raw), path, durable=True)
    stand = version(raw)
    space.presence.saved(path, stand, g.user.anzeigename or g.user.name)
    diff = "".join(difflib.unified_diff(text.splitlines(True), new_text.splitlines(True),
                                        "vorher", "nachher", n=0))
    checked = checked_after  # the same text; its problems name no file
    if flow is not None:  # the workflow keys its records by the real file
        checked = check_file(path, project)
        resets = flow.saved(g.user, old, checked, diff)
    else:
        space.log("speichern", project.draft_key(path), diff=diff)
    return jsonify(gespeichert=True, stand=stand, daten=written, zusammengefuehrt=merged,
                   zurueckgesetzt=resets, probleme=form_problems(checked.problems))


@blueprint.post("/api/vorschau")
@rule("lesen", body_group_item)
def api_preview():
    path, data = form_body()
    body, space = _json(), workspace()
    page, number = str(body.get("seite", ""))[:64], body.get("nr", 0)
    number = number if isinstance(number, int) and not isinstance(number, bool) else 0
    with space.previews.turn(g.user.name, page, number) as waited:
        if waited is None:  # a newer preview of this page is on its way
            return jsonify(veraltet=True), 409
        started = time.monotonic()

        def work(temp):
            with tempfile.TemporaryDirectory(prefix="vorschau-") as out:
                options = BuildOptions(out_dir=Path(out), jobs=1)
                outcome = Batch(space.project, options,
                                converter=space.converter).run([temp]).outcomes[0]
                if outcome.status == "fehler":
                    return None, outcome.errors
                return Path(outcome.output).read_bytes(), []
        text = _readable(path)
        if text is None:
            pdf, errors = None, check_file(path, space.project).problems
        else:
            pdf, errors = _with_text(path, updated(text, data), work)
    headers = {"X-Wartezeit-ms": str(round(waited * 1000)),
               "X-Bauzeit-ms": str(round((time.monotonic() - started) * 1000))}
    if pdf is None:
        return jsonify(probleme=form_problems(errors)), 422, headers
    return Response(pdf, mimetype="application/pdf", headers=headers)


@blueprint.post("/api/anwesend")
@rule("lesen", body_group_item)
def api_present():
    """The form says every 15 s that it is open; the answer names the others who have the
    draft open and the file's version, so a change by someone else shows before a save."""
    path, _ = form_body()
    body, space = _json(), workspace()
    page, key = str(body.get("seite", ""))[:64], space.project.draft_key(path)
    if body.get("weg") is True:
        space.presence.gone(key, page)
        return jsonify(andere=[])
    space.presence.seen(key, page, g.user.name, g.user.anzeigename or g.user.name)
    now = stamp(path)
    return jsonify(andere=space.presence.others(key, page, g.user.name), stand=now,
                   von=space.presence.saved_by(path, now))


@blueprint.post("/api/markdown")
@rule("lesen")
def api_markdown():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "erwartet JSON mit `text`")
    return jsonify(html=markdown_html(str(body.get("text", ""))))

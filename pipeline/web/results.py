"""After the session, the Sitzungsdienst records in the browser what happened: begin and end,
who chaired and who kept the minutes, the attendance (picked from the Gremium's members in
gremien.yaml), and per TOP its result, vote, decided wording, vermerk and who was befangen.

One page, one save, into the session YAML the CLI reads (round trip, on the version the page
was made from) and the audit trail. Before it is written, the session is loaded as `vorlage
sitzung` loads it: a vote above the members present is refused at that TOP's vote, in German,
and nothing is saved.
"""

from __future__ import annotations

import copy
import re

from flask import Blueprint, g, redirect, render_template, request, url_for

from ..errors import UserError
from ..schema import DECIDED, STATUS, format_loc, value_at
from ..sitzung import build_extracts, current_minutes, load_session
from ..sitzung.attendance import period_of
from ..sitzung.writing import Stale, checked_session, write_session
from .access import may, rule, workspace
from .drafts import form_problems, state
from .session_edit import text_diff, read_session_file, stale_message
from .sessions import CLOSED, SESSION, UNFINISHED, render_session, session_file_path

blueprint = Blueprint("ergebnisse", __name__)
KOPF = {"beginn": "Beginn", "ende": "Ende", "vorsitz": "Vorsitz",
        "schriftfuehrung": "Schriftführung"}
PRESENCE = ("anwesend", "entschuldigt", "abwesend")
VOTES = ("einstimmig", "mehrheitlich", "Stimmen")
TOP_FIELDS = ("status", "an", "abstimmung", "befangen", "text", "vermerk")
NS_STATES = ("Entwurf", "unterzeichnet", "genehmigt")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
EXTRA_ROWS = 3  # empty rows for people who are no member (Verwaltung, Gäste)


def _rows(session, project) -> tuple[list[dict], list[str]]:
    """The attendance as form rows: each member of the Wahlperiode, then everyone else the
    file lists, then empty rows. And the members' names, for the choices."""
    period = period_of(session, project)
    members = list(period.mitglieder) if period else []
    listed = {" ".join(p.name.split()).casefold(): p for p in session.data.anwesenheit or ()}
    rows = []
    for m in members:
        p = listed.pop(" ".join(m.name.split()).casefold(), None)
        rows.append({"name": m.name, "mitglied": True, "fraktion": m.fraktion or "",
                     "rolle": m.rolle, "stellvertretend": m.stellvertretend,
                     **_person(p)})
    for p in listed.values():
        rows.append({"name": p.name, "mitglied": False, **_person(p)})
    rows += [{"name": "", "mitglied": False, **_person(None)} for _ in range(EXTRA_ROWS)]
    return rows, [m.name for m in members]


def _person(p) -> dict:
    if p is None:
        return {"status": "", "ab": "", "bis": "", "vertritt": "", "funktion": ""}
    return {"status": p.status, "ab": p.ab or "", "bis": p.bis or "",
            "vertritt": p.vertritt or "", "funktion": p.funktion or ""}


def _top_values(top) -> dict:
    e = top.ergebnis
    votes = e.abstimmung if e else None
    return {"status": e.status if e else "", "an": (e.an or "") if e else "",
            "art": votes.art if votes else "",
            **{k: "" if votes is None or getattr(votes, k) is None else str(getattr(votes, k))
               for k in ("ja", "nein", "enthaltungen")},
            "text": (e.text or "") if e else "", "vermerk": (e.vermerk or "") if e else "",
            "befangen": list(top.befangen)}


def _entered_rows(count: int) -> list[dict]:
    form = request.form
    return [{k: form.get(f"anw-{i}-{k}", "").strip()
             for k in ("name", "status", "ab", "bis", "vertritt", "funktion")}
            for i in range(count)]


def _entered_top(i: int) -> dict:
    form = request.form
    values = {k: form.get(f"top-{i}-{k}", "").strip()
              for k in ("status", "an", "art", "ja", "nein", "enthaltungen", "text",
                        "vermerk")}
    more = [n.strip() for n in form.get(f"top-{i}-befangen-weitere", "").split(",")]
    return {**values, "befangen": list(dict.fromkeys(form.getlist(f"top-{i}-befangen")
                                                     + [n for n in more if n]))}


def _attendance(rows: list[dict]) -> tuple[list, list[int]]:
    """The YAML list of the attendance rows that say something, and for each entry its row."""
    out, where = [], []
    for i, row in enumerate(rows):
        if not row["name"] or not row["status"]:
            continue
        entry = {"name": row["name"]}
        if row["status"] != "anwesend":
            entry["status"] = row["status"]
        entry |= {k: row[k] for k in ("ab", "bis", "vertritt", "funktion") if row[k]}
        out.append(row["name"] if len(entry) == 1 else entry)
        where.append(i)
    return out, where


def _number(text: str):
    """A count as a number; anything else stays text, for validation to name at the field."""
    return int(text) if text.isdigit() else text


def _ergebnis(values: dict, before) -> dict | str | None:
    if not values["status"]:
        return None
    out: dict = {"status": values["status"]}
    if values["an"]:
        out["an"] = values["an"]
    if values["art"] in ("einstimmig", "mehrheitlich"):
        out["abstimmung"] = values["art"]
    elif values["art"] == "Stimmen":
        out["abstimmung"] = {k: _number(values[k]) for k in ("ja", "nein", "enthaltungen")
                             if values[k]} or {"art": "Stimmen"}
    for key in ("text", "vermerk"):
        if values[key]:
            out[key] = values[key]
    if isinstance(before, dict):  # not on this page: kept (the Beschlussverfolgung's
        if before.get("hinweis"):  # Amt and date while it stays a decision)
            out["hinweis"] = before["hinweis"]
        if "umsetzung" in before and out["status"] in DECIDED:
            out["umsetzung"] = before["umsetzung"]
    return out["status"] if len(out) == 1 else out


def _recorded(data: dict, session, rows: list[dict], tops: list[dict]) -> tuple[dict, list]:
    """`data` with the page's entries; and which attendance row each YAML entry came from."""
    data = copy.deepcopy(data)
    for key in KOPF:
        value = request.form.get(key, "").strip()
        if value:
            data[key] = value
        else:
            data.pop(key, None)
    state = _state()
    if state is not None:
        data["niederschrift"] = state
    else:
        data.pop("niederschrift", None)
    listed, where = _attendance(rows)
    if listed or "anwesenheit" in data:
        data["anwesenheit"] = listed
    if not listed:
        data.pop("anwesenheit", None)
    for top, values in zip(session.tops, tops, strict=True):
        item = value_at(data, top.loc)
        if not isinstance(item, dict):
            continue
        result = _ergebnis(values, item.get("ergebnis"))
        for key, value in (("ergebnis", result), ("befangen", values["befangen"] or None)):
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value
    return data, where


def _german_date(value: str) -> str:
    """A date picker's 2020-10-01 as the session files write dates: 01.10.2020."""
    found = ISO.fullmatch(value)
    return f"{found[3]}.{found[2]}.{found[1]}" if found else value


def _state() -> dict | None:
    """The Niederschrift's state as entered; None while it is a plain Entwurf."""
    form = request.form
    status = form.get("ns-status", "Entwurf")
    out: dict = {"status": status}
    for key in ("unterzeichnet_am", "genehmigt_am"):
        value = form.get(f"ns-{key}", "").strip()
        if value:
            out[key] = _german_date(value)
    lines = [" ".join(line.split()) for line in form.get("ns-berichtigungen", "").splitlines()]
    if any(lines):
        out["berichtigungen"] = [line for line in lines if line]
    return None if out == {"status": "Entwurf"} else out


def _state_values(data) -> dict:
    state = data.niederschrift
    return {"status": state.status if state else "Entwurf",
            **{k: (getattr(state, k).isoformat() if state and getattr(state, k) else "")
               for k in ("unterzeichnet_am", "genehmigt_am")},
            "berichtigungen": "\n".join(state.berichtigungen) if state else ""}


def _placed(problems, session, where: list[int]) -> dict[str, list[str]]:
    """Each problem at its field on the page: a TOP's vote, wording, …; an attendance row; a
    field of the Kopf; else the page's top ("")."""
    out: dict[str, list[str]] = {}
    prefixes = [(format_loc(top.loc), i) for i, top in enumerate(session.tops)]
    for p in problems:
        field = p["feld"]
        key = ""
        for prefix, i in sorted(prefixes, key=lambda x: -len(x[0])):
            if field.startswith(prefix + "."):
                rest = field[len(prefix) + 1:].split(".")
                part = rest[1] if rest[0] == "ergebnis" and len(rest) > 1 else rest[0]
                part = "abstimmung" if part in ("ja", "nein", "enthaltungen", "art") \
                    else part.split("[")[0]
                key = f"top-{i}-{part if part in TOP_FIELDS else ''}"
                break
        else:
            if field.startswith("anwesenheit["):
                n = int(field[len("anwesenheit["):].split("]")[0]) - 1
                key = f"anw-{where[n]}" if 0 <= n < len(where) else "anwesenheit"
            elif field.split(".")[0] in KOPF or field == "anwesenheit":
                key = field.split(".")[0]
            elif field.startswith("niederschrift"):
                key = "niederschrift"
        out.setdefault(key, []).append(p["meldung"])
    return out


def _title(top) -> str:
    """A TOP's title as this user may see it (the agenda page's rule)."""
    if top.draft_path is None or may("lesen", state(top.draft_path).item):
        return top.titel
    return (top.oeffentlicher_titel or CLOSED) if not top.public else UNFINISHED


def _page(session, rows, members, tops, kopf, stand, messages=None, status=200, saved=False,
          message="", state=None):
    titles = [_title(t) for t in session.tops]
    state = state or _state_values(session.data)
    return render_template("ergebnisse.html", name=session.path.stem, session=session,
                           titles=titles,
                           rows=rows, members=members, tops=tops, kopf=kopf, labels=KOPF,
                           stand=stand, meldungen=messages or {}, statuses=STATUS,
                           presence=PRESENCE, votes=VOTES, gespeichert=saved,
                           meldung=message, ns=state, ns_states=NS_STATES), status


@blueprint.get("/sitzung/<name>/ergebnisse")
@rule("bauen", lambda name: SESSION)
def form(name: str):
    project = workspace().project
    _, data, stand = read_session_file(name)
    session = load_session(session_file_path(name), project)
    rows, members = _rows(session, project)
    kopf = {k: str(data.get(k) or "") for k in KOPF}
    return _page(session, rows, members, [_top_values(t) for t in session.tops], kopf, stand,
                 saved=request.args.get("gespeichert") == "1")


@blueprint.post("/sitzung/<name>/ergebnisse")
@rule("bauen", lambda name: SESSION)
def save(name: str):
    space, path = workspace(), session_file_path(name)
    project = space.project
    original, data, now = read_session_file(name)
    session = load_session(path, project)
    count = request.form.get("zeilen", "0")
    entered = _entered_rows(min(int(count) if count.isdigit() else 0, 2000))
    shown, members = _rows(session, project)
    # The page's rows with what was typed into them (members keep their name and role).
    rows = [{**(shown[i] if i < len(shown) else {"mitglied": False}),
             **({k: v for k, v in row.items() if k != "name"} if i < len(shown)
                and shown[i]["mitglied"] else row)} for i, row in enumerate(entered)]
    tops = [_entered_top(i) for i in range(len(session.tops))]
    kopf = {k: request.form.get(k, "").strip() for k in KOPF}
    if request.form.get("stand") != now:
        return _page(session, rows, members, tops, kopf, now, status=409,
                     message=stale_message(path, now) + " Ihre Eingaben stehen unten; "
                     "Speichern übernimmt sie in die neue Fassung.")
    new, where = _recorded(data, session, rows, tops)
    known = {(p.field, p.message) for p in session.problems}  # not this page's to mend
    try:
        problems = [p for p in checked_session(path, new, original, project).problems
                    if p.is_error and (p.field, p.message) not in known]
    except UserError as exc:
        problems = exc.problems
    if problems:
        messages = _placed(form_problems(problems), session, where)
        entered = {"status": request.form.get("ns-status", "Entwurf"),
                   **{k: request.form.get(f"ns-{k}", "") for k in ("unterzeichnet_am",
                                                                   "genehmigt_am",
                                                                   "berichtigungen")}}
        return _page(session, rows, members, tops, kopf, now, messages, 422,
                     message="Nicht gespeichert: bitte die markierten Angaben prüfen.",
                     state=entered)
    try:
        before, after, stand = write_session(path, new, now)
    except Stale as exc:
        return _page(session, rows, members, tops, kopf, str(exc), status=409,
                     message=stale_message(path, str(exc)))
    if after != before:
        space.log("sitzung_ergebnisse", project.draft_key(path), diff=text_diff(before, after))
        space.presence.saved(path, stand, g.user.anzeigename or g.user.name)
    return redirect(url_for("ergebnisse.form", name=name, gespeichert=1), 303)


@blueprint.post("/sitzung/<name>/niederschrift")
@rule("bauen", lambda name: SESSION)
def minutes(name: str):
    """The Niederschrift, its public version and a Beschlussauszug per TOP with a result."""
    space = workspace()
    project = space.project
    session = load_session(session_file_path(name), project)
    folder = project.output_dir / "sitzungen" / name
    try:
        current_minutes(session, project, folder)  # an archived one as archived
        build_extracts(session, project, folder)
    except UserError as exc:
        return render_session(name, " ".join(p.message for p in exc.problems), status=422)
    space.log("niederschrift_bauen", project.draft_key(session.path))
    return redirect(url_for("sitzungen.session", name=name) + "#erzeugt", 303)

"""Beschlussverfolgung in the browser: the decisions to carry out, per Amt, open and
überfällig first, as a page and as CSV; each decision with its wording and notes, where the
responsible Amt and the Sitzungsdienst record progress (and the Sitzungsdienst hands it to
another Amt or moves its date). Every change goes to the register and the audit trail."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from ..errors import UserError
from ..records import STATUS, Register
from ..schema import parse_date
from ..sitzung import all_decisions, as_csv, decision_item, record_progress, select
from .access import GENERAL, may, rule, workspace
from .drafts import for_people

blueprint = Blueprint("beschluesse", __name__)
VIEWS = {"offen": "offene", "ueberfaellig": "überfällige", "alle": "alle"}


def _visible(project, register) -> tuple[list, list]:
    found = all_decisions(project, register)
    return [d for d in found.decisions if may("lesen", decision_item(d))], found.skipped


def _chosen(project, register) -> tuple[list, str, str, list]:
    """The decisions the page shows: the view (offen, überfällig, alle) and the Amt asked
    for; by default the user's own Ämter' ones, all for the Sitzungsdienst."""
    decisions, skipped = _visible(project, register)
    view = request.args.get("zeigen", "offen")
    view = view if view in VIEWS else "offen"
    own = sorted(g.user.aemter("sachbearbeitung", "amtsleitung", "dezernat"))
    amt = request.args.get("amt", own[0] if len(own) == 1 and not g.user.holds(
        "sitzungsdienst", "verwaltungsleitung") else "")
    today = date.today()
    try:
        shown = select(decisions, project, today, amt or None, view == "ueberfaellig",
                       view == "alle")
    except UserError:
        shown, amt = [], ""
    return shown, view, amt, skipped


def _by_amt(project, decisions) -> list[tuple[str, list]]:
    def key(d):
        return project.amt_name(d.amt) if d.amt else "ohne Amt"
    return [(name, list(group)) for name, group in groupby(sorted(decisions, key=key), key)]


def _shown():
    project = workspace().project
    with Register(project.register_path) as register:
        return project, *_chosen(project, register)


@blueprint.get("/beschluesse")
@rule("lesen", lambda: GENERAL)
def overview():
    project, shown, view, amt, skipped = _shown()
    today = date.today()
    return render_template("beschluesse.html", groups=_by_amt(project, shown), view=view,
                           views=VIEWS, amt=amt, today=today, aemter=project.config.aemter,
                           count=len(shown), late=sum(d.ueberfaellig(today) for d in shown),
                           skipped=[p.name for p, _ in skipped])


@blueprint.get("/beschluesse.csv")
@rule("lesen", lambda: GENERAL)
def table():
    project, shown, view, amt, _ = _shown()
    key = project.amt_key(amt) if amt else None
    name = f"beschluesse-{view}{'-' + key if key and key.isalnum() else ''}-" \
        f"{date.today():%Y-%m-%d}.csv"
    # with a byte order mark: German Excel reads UTF-8 then, not Windows-1252
    return Response("\ufeff" + as_csv(shown, project, date.today()),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


def _decision(project, register, sitzung: str, top: str):
    wanted = f"{sitzung}/{top}"
    for d in _visible(project, register)[0]:
        if d.kennung == wanted:
            return d
    abort(404)


def _page(d, status: int = 200, **extra):
    project = workspace().project
    item = decision_item(d)
    extra = {"meldungen": {}, "entered": {}, **extra}
    return render_template("beschluss.html", d=d, today=date.today(), states=STATUS,
                           may_edit=may("bearbeiten", item), may_assign=may("zuweisen", item),
                           aemter=project.config.aemter, **extra), status


@blueprint.get("/beschluss/<sitzung>/<top>")
@rule("lesen", lambda sitzung, top: GENERAL)
def decision(sitzung: str, top: str):
    project = workspace().project
    with Register(project.register_path) as register:
        d = _decision(project, register, sitzung, top)
    return _page(d, gespeichert=request.args.get("gespeichert"))


@blueprint.post("/beschluss/<sitzung>/<top>")
@rule("lesen", lambda sitzung, top: GENERAL)
def update(sitzung: str, top: str):
    """The view checks `bearbeiten` and `zuweisen` on the decision itself (its Amt is known
    only once the session is read); record_progress asks the rules again."""
    space = workspace()
    project, form = space.project, request.form
    entered = {k: form.get(k, "").strip() for k in ("status", "text", "datum", "amt", "frist")}
    with Register(project.register_path) as register:
        d = _decision(project, register, sitzung, top)
        if not may("bearbeiten", decision_item(d)):
            abort(403)
        if not may("zuweisen", decision_item(d)):  # not on their form: never taken
            entered["amt"] = entered["frist"] = ""
        meldungen: dict[str, list[str]] = {}
        days = {}
        for key in ("datum", "frist"):
            if entered[key]:
                try:
                    days[key] = parse_date(entered[key])
                except ValueError as exc:
                    meldungen[key] = [str(exc)]
        if entered["status"] and entered["status"] not in STATUS:
            meldungen["status"] = ["bitte einen Stand aus der Liste wählen"]
        if not meldungen:
            try:
                d, change = record_progress(
                    project, register, d.kennung, g.user.name,
                    status=entered["status"] or None, text=entered["text"] or None,
                    datum=days.get("datum"),
                    amt=entered["amt"] if entered["amt"] and entered["amt"] != d.amt else None,
                    frist=days.get("frist"), acting=g.user,
                    anzeigename=g.user.anzeigename or g.user.name, found=[d])
            except UserError as exc:
                meldungen[""] = [for_people(p.message) for p in exc.problems]
    if meldungen:
        return _page(d, 422, meldungen=meldungen, entered=entered,
                     meldung="Nicht gespeichert: bitte die markierten Angaben prüfen.")
    space.log("beschluss_vermerk", d.kennung, **change)
    return redirect(url_for("beschluesse.decision", sitzung=sitzung, top=top, gespeichert=1),
                    303)

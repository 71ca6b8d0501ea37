"""Who was there, and whether the recorded votes fit: a session's attendance checked against
the members of its Gremium in gremien.yaml, and each TOP's vote against the members present;
and the dates of its Niederschrift's state, which come after the session; and the Ämter
its `umsetzung:` entries name.

A member may come later or leave earlier, by a time (17:30: printed, not counted) or by a
TOP (`ab: Ö 5`: present from that TOP on, and counted so). Members befangen at a TOP do not
vote there. A vote with more votes than members who could cast them is an error at the vote;
a session that records no attendance is not checked for it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..errors import Problem, meinten_sie
from ..haus.gremien import Wahlperiode
from ..project import Project
from ..schema import value_at
from .model import Umsetzung

if TYPE_CHECKING:
    from .session import Session, Top

_TIME = re.compile(r"([01]?\d|2[0-3])[:.][0-5]\d")


def top_key(number: str) -> str:
    """A TOP number as written by hand and as derived compare alike: „Ö5“ = „Ö 5“."""
    return "".join(number.split()).casefold()


def period_of(session: Session, project: Project) -> Wahlperiode | None:
    """The Wahlperiode of the session's Gremium on its date, from gremien.yaml."""
    entry = project.gremien.entry(session.style, session.data.gremium)
    return entry.period(session.data.datum) if entry else None


def present_at(session: Session, top: Top, period: Wahlperiode | None) -> list[str]:
    """The members entitled to vote who were there at `top`, without those befangen."""
    order = {top_key(t.nummer): i for i, t in enumerate(session.tops)}
    here = order.get(top_key(top.nummer), 0)
    befangen = {" ".join(n.split()).casefold() for n in top.befangen}
    out = []
    for person in session.data.anwesenheit or ():
        if person.status != "anwesend" or person.funktion:
            continue
        member = period.member(person.name) if period else None
        if member is not None and not member.votes:
            continue
        start = order.get(top_key(person.ab or ""), 0)
        end = order.get(top_key(person.bis or ""), len(order))
        if start <= here <= end and " ".join(person.name.split()).casefold() not in befangen:
            out.append(person.name)
    return out


def attendance_problems(session: Session, project: Project) -> list[Problem]:
    loaded, data = session.loaded, session.data
    problems: list[Problem] = []
    if data.datum > date.today() and any(t.ergebnis for t in session.tops):
        problems.append(loaded.problem(("datum",), "die Sitzung hat noch nicht "
                                                   "stattgefunden, trägt aber schon Ergebnisse",
                                       "warning"))
    period = period_of(session, project)
    if data.anwesenheit is not None:
        problems += _listed(session, period)
    attendees = {" ".join(p.name.split()).casefold(): p for p in data.anwesenheit or ()}
    for top in session.tops:
        problems += _befangen(session, top, period, attendees)
        votes = top.ergebnis.abstimmung if top.ergebnis else None
        if data.anwesenheit is None or votes is None or votes.art != "Stimmen":
            continue
        cast = sum(n or 0 for n in (votes.ja, votes.nein, votes.enthaltungen))
        could = len(present_at(session, top, period))
        if cast > could:
            aside = f", {len(top.befangen)} befangen" if top.befangen else ""
            problems.append(loaded.problem(
                top.loc + ("ergebnis", "abstimmung"),
                f"{cast} Stimmen, aber bei {top.nummer} waren nur {could} stimmberechtigte "
                f"Mitglieder anwesend{aside}"))
    return problems


def _listed(session: Session, period: Wahlperiode | None) -> list[Problem]:
    """The attendance list itself: members of the Gremium, each once, times or TOPs that
    exist, and every member accounted for."""
    loaded, data = session.loaded, session.data
    if period is None:
        return [loaded.problem(("anwesenheit",), f"für „{data.gremium}“ verzeichnet "
                                                 "gremien.yaml keine Mitglieder für den "
                                                 f"{data.datum:%d.%m.%Y} (`wahlperioden:`); "
                                                 "die Anwesenheit bleibt ungeprüft",
                               "warning")]
    out = []
    tops = [top_key(t.nummer) for t in session.tops]
    names = [m.name for m in period.mitglieder]
    seen: set[str] = set()
    for i, person in enumerate(data.anwesenheit or ()):
        key = " ".join(person.name.split()).casefold()
        if key in seen:
            out.append(loaded.problem(("anwesenheit", i, "name"),
                                      f"„{person.name}“ steht schon in der Anwesenheit"))
        seen.add(key)
        if not person.funktion and period.member(person.name) is None:
            hint = meinten_sie(person.name, names) or "wer kein Mitglied ist, bekommt eine " \
                                                      "`funktion:` (z. B. Verwaltung)"
            out.append(loaded.problem(("anwesenheit", i, "name"),
                                      f"„{person.name}“ ist kein Mitglied von "
                                      f"{data.gremium} in der Wahlperiode {period.label}; "
                                      f"{hint}"))
        if person.vertritt and period.member(person.vertritt) is None:
            out.append(loaded.problem(("anwesenheit", i, "vertritt"),
                                      f"„{person.vertritt}“ ist kein Mitglied; "
                                      f"{meinten_sie(person.vertritt, names)}".rstrip("; ")))
        for when in ("ab", "bis"):
            value = getattr(person, when)
            if value and not _TIME.fullmatch(value) and top_key(value) not in tops:
                out.append(loaded.problem(("anwesenheit", i, when),
                                          f"„{value}“ ist weder eine Uhrzeit (17:30) noch "
                                          "ein TOP dieser Sitzung (z. B. Ö 5)"))
    substituted = {" ".join(p.vertritt.split()).casefold() for p in data.anwesenheit or ()
                   if p.vertritt}
    missing = [m.name for m in period.mitglieder if not m.stellvertretend
               and " ".join(m.name.split()).casefold() not in seen | substituted]
    if missing:
        out.append(loaded.problem(("anwesenheit",), "ohne Angabe zur Anwesenheit: "
                                                    f"{', '.join(missing)} (anwesend oder "
                                                    "entschuldigt?)", "warning"))
    return out


def _befangen(session: Session, top: Top, period, attendees: dict) -> list[Problem]:
    """Who is befangen must have been there (or, without attendance, be a member)."""
    out = []
    item = session.loaded.data
    for path in (top.loc, top.loc + ("ergebnis",)):
        node = value_at(item, path)
        names = node.get("befangen") if isinstance(node, dict) else None
        for j, name in enumerate(names if isinstance(names, list) else ()):
            if not isinstance(name, str):
                continue
            key = " ".join(name.split()).casefold()
            if attendees:
                known, choices = key in attendees, [p.name for p in attendees.values()]
                what = "steht nicht in der Anwesenheit"
            elif period is not None:
                known, choices = period.member(name) is not None, \
                    [m.name for m in period.mitglieder]
                what = f"ist kein Mitglied von {session.data.gremium}"
            else:
                continue
            if not known:
                hint = meinten_sie(name, choices)
                out.append(session.loaded.problem(path + ("befangen", j),
                                                  f"„{name}“ {what}"
                                                  f"{'; ' + hint if hint else ''}"))
    return out


def minutes_problems(session: Session) -> list[Problem]:
    """What the Niederschrift's state says about time: approved after the session."""
    state, loaded = session.data.niederschrift, session.loaded
    out = []
    for key in ("unterzeichnet_am", "genehmigt_am"):
        day = getattr(state, key) if state else None
        if day is not None and day < session.data.datum:
            out.append(loaded.problem(("niederschrift", key),
                                      f"liegt vor der Sitzung ({session.data.datum:%d.%m.%Y})"))
    return out


def umsetzung_problems(session: Session, project: Project) -> list[Problem]:
    """An `umsetzung:` naming an Amt the project does not list, or an explicit one on a TOP
    without a Vorlage and without an Amt, is an error at its line."""
    problems = []
    for top in session.tops:
        result = top.ergebnis
        if result is None or not isinstance(result.umsetzung, Umsetzung | bool):
            continue
        where = top.loc + ("ergebnis", "umsetzung")
        named = result.umsetzung.amt if isinstance(result.umsetzung, Umsetzung) else None
        if named and project.amt_key(named) is None:
            listed = ", ".join(f"{a.kennziffer} {a.name}" for a in project.config.aemter)
            problems.append(session.loaded.problem(
                where + ("amt",), f"Amt „{named}“ steht nicht in der Ämterliste "
                                  f"(vorlage.yaml `aemter:`: {listed})"))
        elif result.umsetzung is not False and not named and not top.ref:
            problems.append(session.loaded.problem(
                where, "ein Beschluss ohne Vorlage braucht das zuständige Amt: "
                       "umsetzung: {amt: \"66\"}"))
    return problems

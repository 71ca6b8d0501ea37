"""Beschlussverfolgung: the decisions the administration has to carry out, from the results
the session files record, with what the register knows of their progress.

A result `beschlossen` or `geändert beschlossen` of the body that decides a Vorlage (its
deciding step in the Beratungsfolge; a Vorberatung only recommends) is a decision to carry
out, unless its `umsetzung:` says `nein`; any other decided TOP is one where `umsetzung:`
names it. The responsible Amt is the one `umsetzung:` names, else the Vorlage's; the due date
the one it names, else the session's day plus `beschlussverfolgung.frist_monate`. The Amt and
the Sitzungsdienst change the status (offen, in Arbeit, erledigt) and add dated notes; the
Sitzungsdienst may hand a decision to another Amt or move its date. A decision not erledigt
after its due date is überfällig.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..accounts import Item, User, allowed
from ..errors import Problem, UserError
from ..project import Project
from ..records import Decisions, Note, Register, Tracked
from ..schema import DECIDED
from .attendance import top_key
from .minutes import resolution_text
from .model import Umsetzung
from .session import Session, Top, load_session, step_for



@dataclass(frozen=True)
class Decision:
    kennung: str           # "<session file stem>/<TOP without spaces>", e.g. "rat-2020-09-03/Ö4"
    sitzung: str
    gremium: str
    datum: date
    top: str               # "Ö 4"
    oeffentlich: bool      # decided in public, on a public Vorlage
    vorlagennummer: str | None
    betreff: str
    ergebnis: str          # as printed, with the vote
    beschluss: str | None  # the decided wording as text
    amt: str | None        # the responsible Amt's key
    frist: date
    status: str
    vermerke: tuple[Note, ...] = ()
    draft: Path | None = field(default=None, compare=False)
    amt_vorlage: str | None = None  # the Vorlage's own Amt (it may read the decision too)
    schluessel: str = ""  # what the register keeps it by: stays when TOPs are renumbered

    def ueberfaellig(self, stichtag: date) -> bool:
        return self.status != "erledigt" and self.frist < stichtag

    def as_json(self, project: Project, stichtag: date) -> dict:
        return {"kennung": self.kennung, "sitzung": self.sitzung, "gremium": self.gremium,
                "datum": self.datum.isoformat(), "top": self.top,
                "oeffentlich": self.oeffentlich, "vorlagennummer": self.vorlagennummer,
                "betreff": self.betreff, "ergebnis": self.ergebnis,
                "beschluss": self.beschluss, "amt": self.amt,
                "amt_name": project.amt_name(self.amt) if self.amt else None,
                "frist": self.frist.isoformat(), "status": self.status,
                "ueberfaellig": self.ueberfaellig(stichtag),
                "vermerke": [{"datum": n.datum, "text": n.text, "status": n.status,
                              "von": n.anzeigename, "zeit": n.zeit} for n in self.vermerke]}


@dataclass
class Found:
    decisions: list[Decision]
    skipped: list[tuple[Path, str]]  # session files that do not read, with why
    problems: list[Problem] = field(default_factory=list)  # mistakes in `umsetzung:`


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kennung_of(session: Session, top: Top) -> str:
    return f"{session.name}/{''.join(top.nummer.split())}"


def key_of(session: Session, top: Top, project: Project) -> str:
    """The register's key of a decision: the session and the Vorlage's draft, or for a TOP
    without one its title, so that a TOP inserted before it takes none of its progress."""
    what = project.draft_key(top.draft_path) if top.draft_path else " ".join(top.titel.split())
    return f"{session.name}/{what}"


def _to_carry_out(session: Session, top: Top) -> bool:
    result = top.ergebnis
    if result is None or result.status not in DECIDED or result.umsetzung is False:
        return False
    if isinstance(result.umsetzung, Umsetzung) or result.umsetzung is True:
        return True
    draft = top.checked.draft if top.checked else None
    if draft is None or draft.entscheidung is None:
        return False
    step = step_for(draft, session.data.gremium, session.data.datum,
                    session.recorded.get(top.draft_path, ()))
    return step is not None and step.gremium == draft.entscheidung.gremium


def _draft_amt(project: Project, top: Top) -> str | None:
    draft = top.checked.draft if top.checked else None
    if draft is None:
        return None
    return project.amt_key(draft.amt_kennziffer or "") or project.amt_key(draft.amt)


def session_decisions(session: Session, project: Project, tracked: dict[str, Tracked],
                      notes: dict[str, list[Note]]) -> list[Decision]:
    months = project.config.beschlussverfolgung.frist_monate
    out = []
    for top in session.tops:
        if not _to_carry_out(session, top):
            continue
        result, kennung = top.ergebnis, kennung_of(session, top)
        key = key_of(session, top, project)
        given = result.umsetzung if isinstance(result.umsetzung, Umsetzung) else Umsetzung()
        own = _draft_amt(project, top)
        amt = project.amt_key(given.amt) if given.amt else own
        frist = given.frist or add_months(session.data.datum, months)
        state = tracked.get(key)
        if state is not None:
            amt = state.amt or amt
            frist = date.fromisoformat(state.frist) if state.frist else frist
        draft = top.checked.draft if top.checked else None
        public = top.public and (draft is None or draft.oeffentlich)
        out.append(Decision(
            kennung, session.name, session.data.gremium, session.data.datum, top.nummer,
            public, top.nummer_vorlage, top.titel, result.printed(), resolution_text(top),
            amt, frist, state.status if state else "offen", tuple(notes.get(key, ())),
            top.draft_path, own, key))
    return out


def all_decisions(project: Project, register: Register) -> Found:
    """Every decision to carry out in the project's session files, oldest session first."""
    store = Decisions(register)
    tracked, notes = store.tracked(), store.notes()
    found = Found([], [])
    folder = project.sessions_dir
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.name.startswith("."):
            continue
        try:
            session = load_session(path, project, register)
        except UserError as exc:
            found.skipped.append((path, str(exc.problems[0]) if exc.problems else ""))
            continue
        found.decisions += session_decisions(session, project, tracked, notes)
        found.problems += [p for p in session.problems
                           if p.is_error and "umsetzung" in p.field.split(".")]
    found.decisions.sort(key=lambda d: (d.datum, d.gremium, d.sitzung))  # TOPs in order
    return found


def _listed_amt(project: Project, amt: str | None) -> str | None:
    """The key of an Amt typed by someone; an Amt the project does not list is refused."""
    if amt is None:
        return None
    key = project.amt_key(amt)
    if key is None:
        raise UserError(f"Amt „{amt}“ steht nicht in der Ämterliste (vorlage.yaml `aemter:`)")
    return key


def select(decisions: list[Decision], project: Project, stichtag: date, amt: str | None = None,
           overdue: bool = False, done: bool = True) -> list[Decision]:
    """Those of `amt` (Kennziffer or name), only the überfällig ones, without the erledigt
    ones unless `done`."""
    key = _listed_amt(project, amt)
    return [d for d in decisions if (key is None or d.amt == key)
            and (not overdue or d.ueberfaellig(stichtag)) and (done or d.status != "erledigt")]


CSV_COLUMNS = ("Kennung", "Gremium", "Sitzung", "TOP", "Vorlagennummer", "Betreff",
               "Ergebnis", "Amt", "Frist", "Status", "überfällig", "letzter Vermerk")


def as_csv(decisions: list[Decision], project: Project, stichtag: date) -> str:
    """A table for a spreadsheet: semicolons and German dates, as German Excel reads them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in decisions:
        last = d.vermerke[-1] if d.vermerke else None
        row = (d.kennung, d.gremium, f"{d.datum:%d.%m.%Y}", d.top, d.vorlagennummer or "",
               d.betreff, d.ergebnis, project.amt_name(d.amt) if d.amt else "",
               f"{d.frist:%d.%m.%Y}", d.status, "ja" if d.ueberfaellig(stichtag) else "nein",
               last.text if last else "")
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: str) -> str:
    # A cell a spreadsheet would read as a formula (=, +, -, @) is kept as text.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def decision_item(decision: Decision) -> Item:
    """The decision as the rules see it: its responsible Amt, the Vorlage's Amt beside it."""
    return Item("beschluss", amt=decision.amt,
                beteiligt=frozenset({decision.amt_vorlage} - {None}),
                oeffentlich=decision.oeffentlich)


def record_progress(project: Project, register: Register, kennung: str, konto: str, *,
                    status: str | None = None, text: str | None = None,
                    datum: date | None = None, amt: str | None = None,
                    frist: date | None = None, acting: User | None = None,
                    anzeigename: str | None = None, found: list[Decision] | None = None
                    ) -> tuple[Decision, dict]:
    """Records progress on one decision: a status, a dated note, and (the Sitzungsdienst
    only) another Amt or due date. `acting` is the account that does it (None: the CLI
    without the workflow, acting as the Sitzungsdienst); `found`: the decisions the caller
    read already (else all are read). Returns the decision as it is now and what changed,
    for the audit trail."""
    # A Kennung as typed compares alike, as TOP numbers do: „…/Ö 4“ = „…/ö4“.
    wanted = {top_key(d.kennung): d for d in (
        found if found is not None else all_decisions(project, register).decisions)}
    decision = wanted.get(top_key(kennung))
    if decision is None or (acting is not None and not allowed(acting, "lesen",
                                                               decision_item(decision))):
        raise UserError(f"Beschluss „{kennung}“ nicht gefunden; `vorlage beschluesse` zeigt "
                        "die Kennungen")
    item = decision_item(decision)
    if acting is not None and not allowed(acting, "bearbeiten", item):
        raise UserError(f"{acting.name} darf den Beschluss {kennung} nicht bearbeiten (nur "
                        "das zuständige Amt und der Sitzungsdienst)")
    key = _listed_amt(project, amt)
    key = None if key == decision.amt else key
    frist = None if frist == decision.frist else frist
    if (key or frist) and acting is not None and not allowed(acting, "zuweisen", item):
        raise UserError("Amt und Frist ändert nur der Sitzungsdienst")
    status = status if status != decision.status else None
    text = " ".join((text or "").split()) or None
    if status is None and text is None and key is None and frist is None:
        raise UserError("nichts einzutragen: bitte einen neuen Stand, einen Vermerk, ein "
                        "anderes Amt oder eine andere Frist angeben")
    change = {k: v for k, v in (("status", status), ("text", text),
                                ("amt", key), ("frist", frist and frist.isoformat()),
                                ("datum", datum and datum.isoformat())) if v is not None}
    note = text or "; ".join(
        part for part in (f"Stand: {status}" if status else "",
                          f"an {project.amt_name(key)} abgegeben" if key else "",
                          f"Frist {frist:%d.%m.%Y}" if frist else "") if part)
    store = Decisions(register)
    store.update(decision.schluessel, konto, anzeigename or konto, status=status, text=note,
                 datum=change.get("datum"), amt=key, frist=change.get("frist"))
    return replace(decision, status=status or decision.status, amt=key or decision.amt,
                   frist=frist or decision.frist,
                   vermerke=tuple(store.notes().get(decision.schluessel, ()))), change

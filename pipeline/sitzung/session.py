"""Sessions: a Gremium meets on a date; its agenda points to Vorlagen.

A session is its file (model.py) read and checked: TOP numbers (Ö 1, Ö 2.1, N 1) are derived
from the position and the house style, never typed; each Vorlage is found (references.py)
and checked against the session (this Gremium and date in its Beratungsfolge, closed only in
the closed part, on the agenda once).

The agenda comes in two versions: the members' one prints every TOP in full; the public one
prints a closed TOP as its number and public title only, so nothing of what a closed item is
about reaches the renderer of a public document.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..check import Checked, check_file, gremium_problem
from ..errors import Problem, UserError
from ..haus import HouseStyle, load_house_style
from ..project import Project
from ..records import Archive, Record, Register
from ..render import Agenda, AgendaItem
from ..schema import Loaded, load_yaml, validate
from .model import SessionFile, TopErgebnis
from .attendance import attendance_problems, minutes_problems, umsetzung_problems
from .references import resolve_reference
from .results import session_results


@dataclass
class Top:
    """One derived agenda item."""

    nummer: str            # "Ö 2.1"
    teil: str              # "oeffentlich" or "nichtoeffentlich"
    titel: str             # Betreff of the Vorlage, or the plain title
    loc: tuple             # where the item stands in the session file
    ref: str | None = None          # as written in the session file
    draft_path: Path | None = None  # the Vorlage's draft, when it was found
    checked: Checked | None = None
    nummer_vorlage: str | None = None  # the Vorlagennummer, when it has one
    oeffentlicher_titel: str | None = None  # what the public agenda prints for a closed TOP
    archived: Record | None = None  # the archive's record when the Vorlage is final
    termin_offen: bool = False  # its Beratungsfolge has this Gremium without a date
    vertagt_am: date | None = None  # put off by this Gremium's session of that day
    ergebnis: TopErgebnis | None = None  # recorded after the session
    befangen: list[str] = field(default_factory=list)

    @property
    def public(self) -> bool:
        return self.teil == "oeffentlich"


@dataclass
class Session:
    path: Path
    loaded: Loaded
    data: SessionFile
    style: HouseStyle
    tops: list[Top] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    frist_tage: int | None = None  # days before the session; gremien.yaml, else haus.yaml
    recorded: dict = field(default_factory=dict)  # results of the session files, by draft

    @property
    def name(self) -> str:
        return self.path.stem

    def vorlagen(self) -> list[Top]:
        return [t for t in self.tops if t.ref]

    def agenda(self, public: bool = False) -> Agenda:
        """What the Tagesordnung prints: for the members, or (`public`) for the public, where
        a closed TOP keeps only its number and its public title, never its Vorlage's Betreff
        or number: a plain closed title may be just as confidential."""
        data = self.data
        hidden = self.style.labels["nichtoeffentlicher_top"]
        items = tuple(AgendaItem(t.nummer, t.teil, t.oeffentlicher_titel or hidden, None)
                      if public and not t.public
                      else AgendaItem(t.nummer, t.teil, t.titel, t.nummer_vorlage)
                      for t in self.tops)
        return Agenda(self.style, data.gremium, data.datum, data.uhrzeit, data.ort,
                      data.einladungsdatum, items, public=public)


def load_session(path: Path, project: Project, register: Register | None = None) -> Session:
    """Loads and validates a session file; raises UserError on schema mistakes. Problems of
    the agenda (missing Vorlagen, wrong Gremium, …) are collected in `session.problems`.
    Numbers come from `register`, else from the project's register, opened for the while."""
    opened = nullcontext(register) if register is not None else Register(project.register_path)
    with opened as reg:
        return _load(Path(path), project, reg)


def _load(path: Path, project: Project, register: Register) -> Session:
    loaded = load_yaml(path, "Sitzungsdatei")
    data = validate(loaded, SessionFile)
    try:
        style = load_house_style(data.hausstil or project.config.hausstil, project.template_dirs)
    except UserError as exc:
        raise UserError([loaded.problem(("hausstil",), p.message) if not p.file else p
                         for p in exc.problems]) from None
    session = Session(path, loaded, data, style,
                      frist_tage=project.gremien.deadline_days(style, data.gremium))
    unknown = gremium_problem(loaded, ("gremium",), data.gremium, style, project)
    if unknown:
        session.problems.append(unknown)
    for teil, key, items in (("oeffentlich", "oeffentlicher_teil", data.oeffentlicher_teil),
                             ("nichtoeffentlich", "nichtoeffentlicher_teil",
                              data.nichtoeffentlicher_teil)):
        pattern = getattr(style.config.top, teil)
        _number(items, (key,), [], pattern, teil, session)
    _resolve(session, project, register)
    session.problems += attendance_problems(session, project) + minutes_problems(session) \
        + umsetzung_problems(session, project)
    return session


def _number(items, loc, prefix: list[int], pattern: str, teil: str, session: Session) -> None:
    for i, item in enumerate(items, 1):
        numbers = prefix + [i]
        label = pattern.format(nr=".".join(map(str, numbers)))
        session.tops.append(Top(label, teil, item.titel or "", loc + (i - 1,), item.vorlage,
                                oeffentlicher_titel=item.oeffentlicher_titel,
                                ergebnis=item.ergebnis, befangen=item.befangene))
        if item.oeffentlicher_titel and teil == "oeffentlich":
            session.problems.append(session.loaded.problem(
                loc + (i - 1, "oeffentlicher_titel"), "wirkt nur im nichtöffentlichen Teil; "
                "ein öffentlicher Punkt erscheint überall mit seinem vollen Titel", "warning"))
        _number(item.unterpunkte, loc + (i - 1, "unterpunkte"), numbers, pattern, teil, session)


def _resolve(session: Session, project: Project, register: Register) -> None:
    loaded, data = session.loaded, session.data
    archive = Archive(register, project.archive_dir, project.root)
    recorded = session.recorded = session_results(project, register)
    seen: dict[Path, str] = {}
    for top in session.tops:
        if not top.ref:
            continue
        ref = top.ref
        path = resolve_reference(ref, session.path, project, register)
        if path is None:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), f"Vorlage „{ref}“ nicht gefunden", "warning"))
            continue
        top.draft_path = path.resolve()
        if top.draft_path in seen:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), f"Vorlage steht schon unter {seen[top.draft_path]} auf "
                                        "der Tagesordnung"))
            continue
        seen[top.draft_path] = top.nummer
        top.checked = check_file(path, project)
        draft = top.checked.draft
        if draft is None:
            continue
        top.titel = " ".join(draft.betreff.split())
        top.nummer_vorlage = register.number_of(project.draft_key(path)) or draft.vorlagennummer
        if top.nummer_vorlage:  # a final is what the archive holds, whatever its draft says
            top.archived = archive.record(top.nummer_vorlage)
            if top.archived is not None:
                top.titel = top.archived.betreff
        step = step_for(draft, data.gremium, data.datum, recorded.get(top.draft_path, ()))
        if step is None:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",),
                f"„{top.titel[:60]}“ sieht in der Beratungsfolge keine Beratung im Gremium "
                f"„{data.gremium}“ am {data.datum:%d.%m.%Y} vor"))
        elif step.sitzung is None:
            top.termin_offen = True
        elif step.sitzung < data.datum:
            top.vertagt_am = step.sitzung
        if top.public and not draft.oeffentlich:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), "nichtöffentliche Vorlage im öffentlichen Teil; sie "
                                        "gehört in den nichtöffentlichen Teil"))
        elif top.public and step is not None and not step.oeffentlich:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), "die Beratungsfolge sieht für diese Sitzung eine "
                                        "nichtöffentliche Beratung vor"))


def step_for(draft, gremium: str, datum: date, recorded=()):
    """The Beratungsfolge step a session of `gremium` on `datum` holds: the one with that
    date, else one of that Gremium whose session is not known yet (the first such), else
    the Gremium's last dated step when an earlier session put the Vorlage off (vertagt: in
    the draft's result, or in the `recorded` results of the session files) and no later one
    of that Gremium is planned: it comes up again at the next session."""
    steps = [b for b in draft.beratungsfolge if b.gremium == gremium]
    found = next((b for b in steps if b.sitzung == datum), None) or next(
        (b for b in steps if b.sitzung is None), None)
    if found is not None:
        return found
    dated = [b for b in steps if b.sitzung is not None]
    last = max(dated, key=lambda b: b.sitzung, default=None)
    return last if last is not None and last.sitzung < datum and vertagt(last, recorded) \
        else None


def vertagt(step, recorded=()) -> bool:
    """Whether the Gremium put this step off to a later session: the latest result a
    session file records for the step, else the one its draft records."""
    return _put_off_on(step, recorded) is not None


def _put_off_on(step, recorded) -> date | None:
    """The date of the session that last put the step off, when that is its latest result."""
    mine = [r for r in recorded if r.gremium == step.gremium
            and (step.sitzung is None or r.datum >= step.sitzung)]
    if mine:
        return mine[-1].datum if mine[-1].ergebnis.status == "vertagt" else None
    if step.ergebnis is not None and step.ergebnis.status == "vertagt":
        return step.sitzung
    return None


@dataclass(frozen=True)
class Candidate:
    """A Vorlage whose Beratungsfolge plans this session, not on its agenda yet."""

    path: Path
    betreff: str
    termin_offen: bool  # the step names the Gremium without a date
    oeffentlich: bool   # the part of the agenda it belongs in
    vertagt_am: date | None = None  # put off by the Gremium's session of that day


def candidates(session: Session, drafts: list[Path], project: Project,
               register: Register | None = None) -> list[Candidate]:
    """Of `drafts`, those planned for this session (its Gremium on its date, its Gremium
    with the date still open, or put off by an earlier session of its Gremium, as its draft
    or a session file records) that the agenda does not list yet."""
    listed = {t.draft_path for t in session.tops if t.draft_path is not None}
    opened = nullcontext(register) if register is not None else Register(project.register_path)
    with opened as reg:
        recorded = session_results(project, reg)
    out = []
    for path in drafts:
        if path.resolve() in listed:
            continue
        checked = check_file(path, project)
        draft = checked.draft
        mine = recorded.get(path.resolve(), [])
        step = step_for(draft, session.data.gremium, session.data.datum, mine) \
            if draft else None
        if step is None:
            continue
        put_off = _put_off_on(step, mine)
        dealt_with = step.ergebnis is not None or any(
            r.gremium == step.gremium and r.datum == session.data.datum for r in mine)
        if put_off is not None and put_off < session.data.datum or not dealt_with:
            out.append(Candidate(path, " ".join(draft.betreff.split()), step.sitzung is None,
                                 draft.oeffentlich and step.oeffentlich,
                                 put_off if put_off and put_off < session.data.datum
                                 else None))
    return out


def deadline(session: Session) -> date:
    """The date by which a Vorlage for this session must be final."""
    days = session.frist_tage
    if days is None:
        days = session.style.deadline_days(session.data.gremium)
    return session.data.datum - timedelta(days=days)

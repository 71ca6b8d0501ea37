"""Sessions: a Gremium meets on a date; its agenda points to Vorlagen.

A session file `sitzungen/<name>.yaml` names the Gremium, date, time, place and the
Einladungsdatum, and lists the agenda as ordered items in a public and a closed part. An item
points to a Vorlage (a draft path or a Vorlagennummer) or is a plain item (Eröffnung,
Mitteilungen, …), possibly with sub-items. TOP numbers (Ö 1, Ö 2.1, N 1) are derived from
the position and the house style; they are never typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pydantic import Field, model_validator

from .checks import Checked, check_file
from .errors import Problem, UserError
from .haus import HouseStyle, load_house_style
from .load import Loaded, load_yaml
from .model import Base, Datum, Text
from .project import Project
from .register import Register
from .validate import validate

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


class Punkt(Base):
    """Ein Tagesordnungspunkt: eine Vorlage oder ein Punkt ohne Vorlage."""

    titel: Text | None = Field(None, description="Titel eines Punktes ohne Vorlage, z. B. "
                                                 "„Eröffnung der Sitzung“")
    vorlage: Text | None = Field(None, description="Entwurf (Pfad, z. B. drafts/x.yaml) oder "
                                                   "Vorlagennummer")
    unterpunkte: list[Punkt] = Field(default_factory=list, description="Unterpunkte (Ö 2.1, …)")

    @model_validator(mode="after")
    def _one_of(self):
        if not self.titel and not self.vorlage:
            raise ValueError("braucht `titel` oder `vorlage`")
        return self


class SessionFile(Base):
    """Eine Sitzung eines Gremiums."""

    hausstil: Text | None = Field(None, description="Hausstil; ohne Angabe der des Projekts")
    gremium: Text = Field(description="Gremium, wie in der Beratungsfolge der Vorlagen")
    datum: Datum = Field(description="Sitzungsdatum")
    uhrzeit: Text = Field(description="Beginn, z. B. 15:00")
    ort: Text = Field(description="Sitzungsort")
    einladungsdatum: Datum = Field(description="Datum der Einladung")
    oeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                            description="Tagesordnung, öffentlicher Teil")
    nichtoeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                                 description="Tagesordnung, nichtöffentlicher "
                                                             "Teil")


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

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def wochentag(self) -> str:
        return WEEKDAYS[self.data.datum.weekday()]

    def vorlagen(self) -> list[Top]:
        return [t for t in self.tops if t.ref]


def load_session(path: Path, project: Project, register: Register | None = None) -> Session:
    """Loads and validates a session file; raises UserError on schema mistakes. Problems of
    the agenda (missing Vorlagen, wrong Gremium, …) are collected in `session.problems`."""
    loaded = load_yaml(path, "Sitzungsdatei")
    data = validate(loaded, SessionFile)
    try:
        style = load_house_style(data.hausstil or project.config.hausstil, project.template_dirs)
    except UserError as exc:
        raise UserError([loaded.problem(("hausstil",), p.message) if not p.file else p
                         for p in exc.problems]) from None
    session = Session(Path(path), loaded, data, style)
    for teil, key, items in (("oeffentlich", "oeffentlicher_teil", data.oeffentlicher_teil),
                             ("nichtoeffentlich", "nichtoeffentlicher_teil",
                              data.nichtoeffentlicher_teil)):
        pattern = getattr(style.config.top, teil)
        _number(items, (key,), [], pattern, teil, session)
    _resolve(session, project, register)
    return session


def _number(items, loc, prefix: list[int], pattern: str, teil: str, session: Session) -> None:
    for i, item in enumerate(items, 1):
        numbers = prefix + [i]
        label = pattern.format(nr=".".join(map(str, numbers)))
        session.tops.append(Top(label, teil, item.titel or "", loc + (i - 1,), item.vorlage))
        _number(item.unterpunkte, loc + (i - 1, "unterpunkte"), numbers, pattern, teil, session)


def _find_by_number(number: str, project: Project, register: Register | None) -> Path | None:
    holder = register.holder_of(number) if register is not None else None
    if holder:
        return project.root / holder
    for draft in sorted(project.drafts_dir.rglob("*.yaml")):
        try:
            data = load_yaml(draft).data
        except UserError:
            continue
        if isinstance(data, dict) and str(data.get("vorlagennummer", "")).strip() == number:
            return draft
    return None


def _resolve(session: Session, project: Project, register: Register | None) -> None:
    loaded, data = session.loaded, session.data
    seen: dict[Path, str] = {}
    for top in session.tops:
        if not top.ref:
            continue
        ref = top.ref
        if ref.endswith((".yaml", ".yml")):
            candidates = [project.root / ref, session.path.parent / ref]
            path = next((p for p in candidates if p.is_file()), None)
        else:
            path = _find_by_number(ref, project, register)
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
        if register is not None:
            top.nummer_vorlage = register.number_of(project.draft_key(path)) or \
                draft.vorlagennummer
        else:
            top.nummer_vorlage = draft.vorlagennummer
        step = next((b for b in draft.beratungsfolge
                     if b.gremium == data.gremium and b.sitzung == data.datum), None)
        if step is None:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",),
                f"„{top.titel[:60]}“ sieht in der Beratungsfolge keine Beratung im Gremium "
                f"„{data.gremium}“ am {data.datum:%d.%m.%Y} vor"))
        if top.public and not draft.oeffentlich:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), "nichtöffentliche Vorlage im öffentlichen Teil; sie "
                                        "gehört in den nichtöffentlichen Teil"))
        elif top.public and step is not None and not step.oeffentlich:
            session.problems.append(loaded.problem(
                top.loc + ("vorlage",), "die Beratungsfolge sieht für diese Sitzung eine "
                                        "nichtöffentliche Beratung vor"))


def deadline(session: Session) -> date:
    """The date by which a Vorlage for this session must be final."""
    return session.data.datum - timedelta(days=session.style.deadline_days(session.data.gremium))

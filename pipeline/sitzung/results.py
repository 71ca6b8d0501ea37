"""Results along the Beratungsfolge: what each body did with a Vorlage, from its draft (a
result reached outside this tool) and from the session files that record one.

A Vorlage is "in Beratung" until the body that decides has a final result; then its
"Beratungsfolge beendet". This is its Beratungsstand, kept apart from the workflow's
Bearbeitungsstand (Entwurf, in Mitzeichnung, freigegeben, …): one is about the office, the
other about the council.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import UserError
from ..project import Project
from ..records import Register
from ..render import EarlierResult, plain_text
from ..schema import Ergebnis, load_yaml, validate
from .model import Punkt, SessionFile
from .references import resolve_reference

# Results after which the body is done with the Vorlage; the others bring it back.
FINAL = frozenset({"beschlossen", "geändert beschlossen", "abgelehnt", "zur Kenntnis genommen",
                   "ohne Beschluss"})
IN_BERATUNG, BEENDET = "in Beratung", "Beratungsfolge beendet"


@dataclass(frozen=True)
class Recorded:
    """One result a session file records for a Vorlage."""

    gremium: str
    datum: date
    ergebnis: Ergebnis
    session: Path
    oeffentlich: bool  # in the public part of that session


def session_results(project: Project, register: Register | None) -> dict[Path, list[Recorded]]:
    """Every result the project's session files record, by the resolved draft path. A
    session file that does not read is left out: its own check reports it."""
    out: dict[Path, list[Recorded]] = {}
    folder = project.sessions_dir
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.name.startswith("."):  # a copy being checked before it is written
            continue
        for ref, result, public, data in _recorded_in(path):
            draft = resolve_reference(ref, path, project, register)
            if draft is not None:
                out.setdefault(draft.resolve(), []).append(
                    Recorded(data.gremium, data.datum, result, path.resolve(), public))
    for found in out.values():
        found.sort(key=lambda r: r.datum)
    return out


_READ: dict[Path, tuple[tuple[int, int], list]] = {}


def _recorded_in(path: Path) -> list:
    """(reference, result, public, session) of each TOP with a Vorlage and a result; read
    again only when the file changed (the browser asks on every page)."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    held = _READ.get(path.resolve())
    if held is not None and held[0] == stamp:
        return held[1]
    try:
        data = validate(load_yaml(path, "Sitzungsdatei"), SessionFile)
    except UserError:
        found: list = []
    else:
        found = [(item.vorlage, item.ergebnis, public, data)
                 for items, public in ((data.oeffentlicher_teil, True),
                                       (data.nichtoeffentlicher_teil, False))
                 for item in _flat(items) if item.vorlage and item.ergebnis]
    _READ[path.resolve()] = (stamp, found)
    return found


def _flat(items: list[Punkt]) -> list[Punkt]:
    return [x for item in items for x in [item, *_flat(item.unterpunkte)]]


def step_results(draft, recorded: list[Recorded]) -> list[tuple[object, Recorded | None]]:
    """Each Beratungsfolge step with the latest result a session recorded for it: of its
    Gremium, on its date or later (a vertagt Vorlage is decided at a later session), before
    the Gremium's next step."""
    steps = list(draft.beratungsfolge)
    out = []
    for i, step in enumerate(steps):
        later = [s.sitzung for s in steps[i + 1:] if s.gremium == step.gremium and s.sitzung]
        until = min(later, default=None)
        mine = [r for r in recorded if r.gremium == step.gremium
                and (step.sitzung is None or r.datum >= step.sitzung)
                and (until is None or r.datum < until)]
        out.append((step, mine[-1] if mine else None))
    return out


def result_of(step, found: Recorded | None) -> Ergebnis | None:
    """A step's result: a session's record, else what the draft says."""
    return found.ergebnis if found is not None else step.ergebnis


def beratungsstand(draft, recorded: list[Recorded]) -> str:
    """"Beratungsfolge beendet" once the deciding body (the last, when none is marked) has a
    final result, or a body rejected it; else "in Beratung"."""
    pairs = step_results(draft, recorded)
    if not pairs:
        return IN_BERATUNG
    deciding = [p for p in pairs if p[0].entscheidend] or [pairs[-1]]
    results = [result_of(step, found) for step, found in pairs]
    decided = result_of(*deciding[-1])
    if (decided is not None and decided.status in FINAL) or \
            any(r is not None and r.status == "abgelehnt" for r in results):
        return BEENDET
    return IN_BERATUNG


def next_step(draft, recorded: list[Recorded]):
    """Where the Vorlage goes next: the body with the latest result again when it put the
    Vorlage off, else the one after it (bodies before it dealt with it, recorded or not);
    the first body while nobody has."""
    pairs = step_results(draft, recorded)
    done = [i for i, (step, found) in enumerate(pairs) if result_of(step, found) is not None]
    if not done:
        return pairs[0][0] if pairs else None
    last = done[-1]
    if result_of(*pairs[last]).status not in FINAL:
        return pairs[last][0]
    return pairs[last + 1][0] if last + 1 < len(pairs) else None


def earlier_results(draft, step, recorded: list[Recorded],
                    public: bool) -> tuple[EarlierResult, ...]:
    """The results of the bodies before `step` in the Beratungsfolge, for the page a packet
    puts before the Vorlage; `public`: only those of public deliberations."""
    pairs = step_results(draft, recorded)
    here = next((i for i, (s, _) in enumerate(pairs) if s is step), len(pairs))
    out = []
    for before, found in pairs[:here]:
        result = result_of(before, found)
        if result is None:
            continue
        if public and not (before.oeffentlich and (found is None or found.oeffentlich)):
            continue
        text = getattr(result, "text", None)
        out.append(EarlierResult(before.gremium, found.datum if found else before.sitzung,
                                 result.printed(), plain_text(text) if text else None))
    return tuple(out)

"""The number a build prints: held by the draft in the register, typed in the draft (of the
pattern, a follow-up, or from before the tool), the next of its series, a follow-up of an
archived Vorlage or of one from before the tool, or a placeholder for drafts. And the gate
before a final number is given: every required sign-off (Mitzeichnung)."""

from __future__ import annotations

from pathlib import Path

from ..check import (Checked, beratung_for_final, check_file, place_of,
                     typed_number_problem, typed_place, unarchived_base)
from ..errors import Problem, UserError, display_path
from ..haus import HouseStyle
from ..project import Project
from ..records import Archive, Register, check_agreement
from ..render import Numbering
from ..schema import Draft
from ..workflow import Workflow
from .inputs import find_drafts
from .outcome import Outcome, Status


def number_for(checked: Checked, project: Project, register: Register,
               final: bool, same_run: frozenset[str] = frozenset()) -> Numbering:
    """The number this build prints; in a final build, taken from (or recorded in) the
    register. `check` has already made sure the pattern's values are all there. `same_run`:
    the numbers of originals that go final before this draft in the same run."""
    draft, style = checked.draft, checked.style
    pattern = style.pattern
    values = style.number_values(draft)
    key = project.draft_key(checked.path)
    if draft.vorlagennummer:
        return _typed_number(checked, project, register, final, same_run)
    if draft.bezug:
        return _follow_up_number(checked, project, register, final, same_run)
    if final:
        number = register.assign(key, pattern.series(values),
                                 lambda n: pattern.format(values, n), style.key)
        return Numbering(number, True, False)
    held = register.number_of(key)
    if held:
        return Numbering(held, False, False)
    return Numbering(pattern.placeholder_number(values), False, True)


def _typed_number(checked: Checked, project: Project, register: Register, final: bool,
                  same_run: frozenset[str]) -> Numbering:
    """A number typed in the draft, recorded as what it is (Pattern.read): of the pattern,
    a follow-up at its base's place, or from before the tool in a series of its own."""
    draft, style, loaded = checked.draft, checked.style, checked.loaded
    typed, key = draft.vorlagennummer.strip(), project.draft_key(checked.path)
    _base_allowed(checked, project, register, same_run, final)
    conflict = typed_number_problem(checked, project, register)
    if conflict is not None:
        raise UserError(conflict)
    reading = style.pattern.read(typed, draft.bezug)
    if final:
        try:
            if reading.basis:
                register.claim_follow_up(key, typed, reading.basis, reading.version,
                                         place_of(reading.basis, checked), style.key)
            else:
                series, lfd, _, _ = typed_place(checked, register)
                register.claim(key, typed, series, lfd, style.key, reading.herkunft)
        except UserError as exc:  # another run claimed it a moment ago
            raise UserError(loaded.problem(("vorlagennummer",), exc.problems[0].message)) \
                from None
    return Numbering(typed, final, False, reading.version, reading.basis or draft.bezug)


def _base_allowed(checked: Checked, project: Project, register: Register,
                  same_run: frozenset[str], final: bool) -> None:
    """Refuses a final follow-up of a Vorlage here that is not final yet; what it says
    about a base from before the tool joins the draft's other warnings."""
    said = unarchived_base(checked, project, register,
                           Archive(register, project.archive_dir, project.root), same_run)
    if said is not None and said.is_error:
        if final:
            raise UserError(said)
        return
    if said is not None and said not in checked.problems:
        checked.problems.append(said)


def _follow_up_number(checked: Checked, project: Project, register: Register,
                      final: bool, same_run: frozenset[str]) -> Numbering:
    """Numbers an Ergänzungs- or Änderungsvorlage after its original: 2015/0288-1, -2, …;
    an original from before the tool is entered in the register as `extern` first."""
    draft, style = checked.draft, checked.style
    base = draft.bezug.strip()
    _base_allowed(checked, project, register, same_run, final)
    key = project.draft_key(checked.path)
    if final:
        number = register.assign_follow_up(
            key, base, lambda v: style.pattern.follow_up_number(base, v), style.key,
            place_of(base, checked))
    else:
        number = register.number_of(key)
    if number is None:
        return Numbering(style.pattern.follow_up_number(base, "X"), False, True, 0, base)
    return Numbering(number, final, False, register.entry(number).version, base)


def final_number(checked: Checked, project: Project, register: Register,
                 same_run: frozenset[str] = frozenset()) -> Numbering:
    """The number of a Vorlage about to become final. Sign-offs are checked first, so a
    refused draft never uses a number up; with the workflow on, the server's records."""
    empty = beratung_for_final(checked.draft, checked.loaded)
    if empty is not None:
        raise UserError(empty)
    if project.config.workflow:
        refused = Workflow(project, register).refusal(checked)
        if refused:
            raise UserError(Problem(display_path(checked.path), None, None, "", refused))
        return number_for(checked, project, register, True, same_run)
    missing = missing_signoffs(checked.draft, checked.style)
    if missing:
        raise UserError(checked.loaded.problem(
            ("mitzeichnung",), "Mitzeichnung fehlt: " + ", ".join(missing)
            + "; erst nach allen Mitzeichnungen kann die Vorlage final werden"))
    return number_for(checked, project, register, True, same_run)


def missing_signoffs(draft: Draft, style: HouseStyle) -> list[str]:
    """Offices whose sign-off a final build still lacks: those the house style requires
    (always, or when there are financial effects) and those the draft lists."""
    costs = draft.finanzen is not None and draft.finanzen.hat_auswirkungen
    required = [r.stelle for r in style.config.mitzeichnung if r.art == "mitzeichnung"
                and r.applies(costs, draft.feld)]
    listed = {m.stelle: m for m in draft.mitzeichnung}
    out = []
    for stelle in dict.fromkeys(required + list(listed)):
        entry = listed.get(stelle)
        if entry is None:
            out.append(f"{stelle} (nicht eingetragen)")
        elif entry.status != "erteilt":
            out.append(f"{stelle} ({entry.status})")
    return out


def assign_numbers(paths: list[Path], project: Project) -> list[Outcome]:
    """`vorlage number assign`: gives drafts their final numbers now, building nothing (for
    offices that number Vorlagen at a deadline and build them later)."""
    outcomes = []
    checked = [check_file(p, project) for p in find_drafts(paths)]
    with Register(project.register_path) as register:
        check_agreement(register, Archive(register, project.archive_dir, project.root))
        for c in checked:
            if not c.ok:
                outcomes.append(Outcome(c.path, Status.FEHLER, problems=c.problems))
                continue
            try:
                numbering = final_number(c, project, register)
            except UserError as exc:
                outcomes.append(Outcome(c.path, Status.FEHLER,
                                        problems=c.problems + exc.problems))
                continue
            outcomes.append(Outcome(c.path, Status.NUMMERIERT, nummer=numbering.nummer,
                                    problems=c.problems))
    return outcomes

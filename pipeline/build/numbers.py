"""The number a build prints: held by the draft in the register, typed in the draft, the
next of its series, a follow-up of an archived Vorlage, or a placeholder for drafts. And the
gate before a final number is given: every required sign-off (Mitzeichnung)."""

from __future__ import annotations

from pathlib import Path

from ..check import (Checked, beratung_for_final, check_file, typed_number_problem,
                     typed_position, unarchived_base)
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
               final: bool) -> Numbering:
    """The number this build prints; in a final build, taken from (or recorded in) the
    register. `check` has already made sure the pattern's values are all there."""
    draft, style, loaded = checked.draft, checked.style, checked.loaded
    pattern = style.pattern
    values = style.number_values(draft)
    key = project.draft_key(checked.path)
    if draft.bezug:
        return _follow_up_number(checked, project, register, final)
    typed = draft.vorlagennummer
    if typed:
        conflict = typed_number_problem(checked, project, register)
        if conflict is not None:
            raise UserError(conflict)
        if final:
            series, lfd = typed_position(checked)
            try:
                register.claim(key, typed, series, lfd, style.key)
            except UserError as exc:  # another run claimed it a moment ago
                raise UserError(loaded.problem(("vorlagennummer",), exc.problems[0].message)) \
                    from None
        return Numbering(typed, final, False)
    if final:
        number = register.assign(key, pattern.series(values),
                                 lambda n: pattern.format(values, n), style.key)
        return Numbering(number, True, False)
    held = register.number_of(key)
    if held:
        return Numbering(held, False, False)
    return Numbering(pattern.placeholder_number(values), False, True)


def _follow_up_number(checked: Checked, project: Project, register: Register,
                      final: bool) -> Numbering:
    """Numbers an Ergänzungs- or Änderungsvorlage after its original: 2015/0288-1, -2, …"""
    draft, style = checked.draft, checked.style
    base = draft.bezug
    refused = unarchived_base(checked, Archive(register, project.archive_dir, project.root))
    if refused is not None:
        raise UserError(refused)
    key = project.draft_key(checked.path)
    if final:
        number = register.assign_follow_up(
            key, base, lambda v: style.pattern.follow_up_number(base, v), style.key)
    else:
        number = register.number_of(key)
    if number is None:
        return Numbering(style.pattern.follow_up_number(base, "X"), False, True, 0, base)
    return Numbering(number, final, False, register.entry(number).version, base)


def final_number(checked: Checked, project: Project, register: Register) -> Numbering:
    """The number of a Vorlage about to become final. Sign-offs are checked first, so a
    refused draft never uses a number up; with the workflow on, the server's records."""
    empty = beratung_for_final(checked.draft, checked.loaded)
    if empty is not None:
        raise UserError(empty)
    if project.config.workflow:
        refused = Workflow(project, register).refusal(checked)
        if refused:
            raise UserError(Problem(display_path(checked.path), None, None, "", refused))
        return number_for(checked, project, register, True)
    missing = missing_signoffs(checked.draft, checked.style)
    if missing:
        raise UserError(checked.loaded.problem(
            ("mitzeichnung",), "Mitzeichnung fehlt: " + ", ".join(missing)
            + "; erst nach allen Mitzeichnungen kann die Vorlage final werden"))
    return number_for(checked, project, register, True)


def missing_signoffs(draft: Draft, style: HouseStyle) -> list[str]:
    """Offices whose sign-off a final build still lacks: those the house style requires
    (always, or when there are financial effects) and those the draft lists."""
    costs = draft.finanzen is not None and draft.finanzen.auswirkungen
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

"""What the register and archive say about a draft: the refusals a final build would give.

`vorlage check` opens the register read-only and asks these questions, and the build asks
the same ones before it numbers or archives, so check never passes what build refuses: a
typed Vorlagennummer another draft holds (in any spelling), a `bezug` to a Vorlage that is
not archived, and a changed draft of an archived final.
"""

from __future__ import annotations

from ..errors import Problem
from ..files import file_hash
from ..project import Project
from ..records import Archive, Register, conflicting_claim
from .draft import Checked


def typed_position(checked: Checked) -> tuple[str, int]:
    """(series, lfd) of the Vorlagennummer typed in the draft."""
    pattern, draft = checked.style.pattern, checked.draft
    printed, lfd = pattern.parse(draft.vorlagennummer)
    return pattern.series({**checked.style.number_values(draft), **printed}), lfd


def typed_number_problem(checked: Checked, project: Project,
                         register: Register) -> Problem | None:
    typed = checked.draft.vorlagennummer
    if not typed or checked.draft.bezug:
        return None
    series, lfd = typed_position(checked)
    why = conflicting_claim(register, project.draft_key(checked.path), typed, series, lfd)
    return checked.loaded.problem(("vorlagennummer",), why) if why else None


def unarchived_base(checked: Checked, archive: Archive) -> Problem | None:
    base = checked.draft.bezug
    if base and archive.record(base) is None:
        return checked.loaded.problem(
            ("bezug",), f"Vorlage {base} ist nicht final archiviert; nur eine finale Vorlage "
                        "kann ergänzt oder geändert werden")
    return None


def changed_final(checked: Checked, nummer: str) -> Problem:
    return checked.loaded.problem(
        (), f"Vorlage {nummer} ist final und archiviert; der Entwurf hat sich seitdem "
            "geändert. Das Archiv behält die finale Fassung; Änderungen kommen als neue "
            f"Vorlage: vorlage amend {nummer} --art Änderungsvorlage (oder Ergänzungsvorlage)")


def draft_changed(checked: Checked, project: Project, register: Register,
                  archive: Archive) -> Problem | None:
    held = register.number_of(project.draft_key(checked.path))
    record = archive.record(held) if held else None
    if record is not None and record.entwurf_sha256 != file_hash(checked.path):
        return changed_final(checked, held)
    return None


def refusals(checked: Checked, project: Project, register: Register,
             archive: Archive) -> list[Problem]:
    """Every refusal a final build of this checked draft would give, as problems."""
    if not checked.ok:
        return []
    found = (typed_number_problem(checked, project, register),
             unarchived_base(checked, archive), draft_changed(checked, project, register,
                                                              archive))
    return [p for p in found if p is not None]

"""What the register and archive say about a draft: the refusals a final build would give.

`vorlage check` opens the register read-only and asks these questions, and the build asks
the same ones before it numbers or archives, so check never passes what build refuses: a
typed Vorlagennummer another draft holds (in any spelling), a `bezug` to a Vorlage of this
project that is not final yet (unless it goes final in the same run, before), and a changed
draft of an archived final. A `bezug` to a number no draft here holds is a Vorlage from
before the tool: allowed, and said, so that a typo shows.
"""

from __future__ import annotations

from ..errors import Problem, UserError
from ..files import file_hash
from ..project import Project
from ..records import Archive, Register, conflicting_claim, own_series
from ..schema import load_yaml
from .draft import Checked


def place_of(number: str, checked: Checked) -> tuple[str, int]:
    """(series, lfd) of a number: in the pattern's series where it fits, else its own."""
    pattern = checked.style.pattern
    parsed = pattern.parse(number)
    if parsed is None:
        return own_series(number), 0
    printed, lfd = parsed
    return pattern.series({**checked.style.number_values(checked.draft), **printed}), lfd


def typed_place(checked: Checked, register: Register) -> tuple[str, int, int, str | None]:
    """(series, lfd, version, base) of the Vorlagennummer typed in the draft: a typed
    follow-up stands at its base's place, which the register may know already."""
    reading = checked.style.pattern.read(checked.draft.vorlagennummer, checked.draft.bezug)
    if reading.herkunft != "entwurf_folge":
        return (*place_of(reading.nummer, checked), 0, None)
    held = register.entry(reading.basis)
    series, lfd = (held.serie, held.lfd) if held else place_of(reading.basis, checked)
    return series, lfd, reading.version, reading.basis


def typed_number_problem(checked: Checked, project: Project,
                         register: Register) -> Problem | None:
    typed = checked.draft.vorlagennummer
    if not typed:
        return None
    series, lfd, version, base = typed_place(checked, register)
    why = conflicting_claim(register, project.draft_key(checked.path), typed, series, lfd,
                            version, base)
    return checked.loaded.problem(("vorlagennummer",), why) if why else None


def typed_holder(number: str, project: Project) -> str | None:
    """The draft of this project that has the number typed in it (not yet final)."""
    for path in sorted(project.drafts_dir.rglob("*.yaml")):
        try:
            data = load_yaml(path).data
        except UserError:
            continue
        if isinstance(data, dict) and str(data.get("vorlagennummer", "")).strip() == number:
            return project.draft_key(path)
    return None


def unarchived_base(checked: Checked, project: Project, register: Register, archive: Archive,
                    same_run: frozenset[str] = frozenset()) -> Problem | None:
    """What a final build says about the Vorlage a `bezug` names when it is not archived:
    nothing when it goes final before in the same run (`same_run`: numbers), a refusal
    when a draft here holds it, else that it is entered as a Vorlage from before the tool
    (a warning the first time, so a mistyped number shows)."""
    base = checked.draft.bezug
    if not base or base in same_run or archive.record(base) is not None:
        return None
    held = register.entry(base)
    if held is not None and held.entwurf is None:
        return checked.loaded.problem(("bezug",), f"Vorlage {base} ist als frühere Vorlage (vor "
                                                  "dem Werkzeug) im Register eingetragen",
                                      "info")
    holder = held.entwurf if held else typed_holder(base, project)
    if holder is None:
        return checked.loaded.problem(
            ("bezug",), f"Vorlage {base} ist nicht im Archiv; sie wird als frühere Vorlage (vor "
                        "dem Werkzeug) ins Register eingetragen, diese als ihre Folgevorlage",
            "warning")
    own = project.draft_key(checked.path)
    if holder == own:
        return checked.loaded.problem(("bezug",), f"{base} ist die Nummer dieser Vorlage "
                                                  "selbst")
    return checked.loaded.problem(
        ("bezug",), f"Vorlage {base} ({holder}) ist noch nicht final; eine Folgevorlage wird "
                    f"erst nach ihr final, auch im selben Lauf: vorlage build --final {holder} "
                    f"{own}")


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


def run_numbers(checked: list[Checked], project: Project,
                register: Register | None) -> frozenset[str]:
    """The numbers the drafts of one run hold or have typed: a follow-up may name one of
    them, the batch finalises the original before it."""
    out = set()
    for c in checked:
        if c.ok:
            held = register.number_of(project.draft_key(c.path)) if register else None
            if held or c.draft.vorlagennummer:
                out.add(held or c.draft.vorlagennummer.strip())
    return frozenset(out)


def refusals(checked: Checked, project: Project, register: Register, archive: Archive,
             same_run: frozenset[str] = frozenset()) -> list[Problem]:
    """Every refusal a final build of this checked draft would give, as problems (and what
    it would say about a `bezug` from before the tool); `same_run`: see run_numbers."""
    if not checked.ok:
        return []
    found = (typed_number_problem(checked, project, register),
             unarchived_base(checked, project, register, archive, same_run),
             draft_changed(checked, project, register, archive))
    return [p for p in found if p is not None]

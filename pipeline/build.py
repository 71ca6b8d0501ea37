"""One Vorlage from draft to PDF, as a flat sequence of named steps.

check -> number -> render (docxtpl) -> convert (LibreOffice) -> Anlagen -> assemble (pypdf).
Every step takes what the one before produced; nothing reaches back. A user mistake at any
step ends this draft with problems and leaves no output behind; other drafts go on.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import anlagen
from .assemble import Attachment, Metadata, assemble
from .checks import Checked, check_file
from .context import Numbering, build_context
from .convert import ConversionError, Converter
from .errors import Problem, UserError, display_path
from .files import atomic_save, safe_filename
from .project import Project
from .register import Register
from .render import render_docx


@dataclass
class BuildOptions:
    out_dir: Path
    final: bool = False
    keep_docx: bool = False


@dataclass
class Outcome:
    path: Path
    status: str  # "gebaut", "unverändert" or "fehler"
    output: Path | None = None
    nummer: str | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    traceback: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def first_error(self) -> str:
        return str(self.errors[0]) if self.errors else ""


def output_path(checked: Checked, numbering: Numbering, out_dir: Path) -> Path:
    if numbering.final:
        return out_dir / f"{safe_filename(numbering.nummer)}.pdf"
    return out_dir / f"{checked.path.stem}-ENTWURF.pdf"


def number_for(checked: Checked, project: Project, register: Register,
               final: bool) -> Numbering:
    """The number this build prints; in a final build, taken from (or recorded in) the
    register. `check` has already made sure the pattern's values are all there."""
    draft, style, loaded = checked.draft, checked.style, checked.loaded
    pattern = style.pattern
    values = style.number_values(draft)
    key = project.draft_key(checked.path)
    typed = draft.vorlagennummer
    if typed:
        printed, lfd = pattern.parse(typed)
        holder = register.holder_of(typed)
        if holder and holder != key:
            raise UserError(loaded.problem(("vorlagennummer",),
                                           f"{typed} gehört im Register schon zu {holder}"))
        if final:
            register.claim(key, typed, pattern.series({**values, **printed}), lfd, style.key)
        return Numbering(typed, final, False)
    if final:
        number = register.assign(key, pattern.series(values),
                                 lambda n: pattern.format(values, n), style.key)
        return Numbering(number, True, False)
    held = register.number_of(key)
    if held:
        return Numbering(held, False, False)
    return Numbering(pattern.placeholder_number(values), False, True)


def build_checked(checked: Checked, project: Project, register: Register,
                  converter: Converter, options: BuildOptions) -> Outcome:
    started = time.monotonic()
    outcome = Outcome(checked.path, "fehler", problems=list(checked.problems))
    if not checked.ok:
        return outcome
    draft, style = checked.draft, checked.style
    try:
        numbering = number_for(checked, project, register, options.final)
        outcome.nummer = numbering.nummer
        target = output_path(checked, numbering, options.out_dir)
        with tempfile.TemporaryDirectory(prefix="vorlage-") as tmp:
            work = Path(tmp)
            docx = work / "vorlage.docx"
            render_docx(draft, style, build_context(draft, style, numbering), docx)
            vorlage_pdf = work / "vorlage.pdf"
            converter.convert(docx, vorlage_pdf, pdfa=options.final and style.config.pdfa)
            attachments = _attachments(checked, project, converter, work)
            meta = Metadata(title=" ".join(draft.betreff.split()), author=draft.amt,
                            subject=draft.vorlagenart, keywords=numbering.nummer)
            outcome.pages = assemble(vorlage_pdf, attachments, numbering.nummer, meta, target,
                                     style.labels["anlage"])
            if options.keep_docx:
                atomic_save(lambda p: shutil.copyfile(docx, p), target.with_suffix(".docx"))
        outcome.status, outcome.output = "gebaut", target
    except UserError as exc:
        outcome.problems.extend(exc.problems)
    except (ConversionError, anlagen.AnlageError) as exc:
        outcome.problems.append(Problem(display_path(checked.path), None, None, "",
                                        str(exc)))
    except Exception as exc:  # an internal bug: report it, keep the batch going
        outcome.problems.append(Problem(display_path(checked.path), None, None, "",
                                        f"interner Fehler: {exc!r}"))
        outcome.traceback = traceback.format_exc()
    outcome.seconds = time.monotonic() - started
    return outcome


def _attachments(checked: Checked, project: Project, converter: Converter,
                 work: Path) -> list[Attachment]:
    draft_dir = checked.path.resolve().parent
    root = project.drafts_root_for(checked.path)
    out = []
    for nr, anlage in enumerate(checked.draft.anlagen, 1):
        path, reason = anlagen.resolve(anlage.datei, draft_dir, root)
        if path is None:
            raise UserError(checked.loaded.problem(("anlagen", nr - 1, "datei"), reason))
        if path.suffix.lower() in anlagen.OFFICE_TYPES:
            pdf = work / f"anlage-{nr}.pdf"
            try:
                converter.convert(path, pdf)
            except ConversionError as exc:
                raise UserError(checked.loaded.problem(
                    ("anlagen", nr - 1, "datei"), f"lässt sich nicht umwandeln: {exc}")) from None
            path = pdf
        out.append(Attachment(nr, anlage.titel, path))
    return out


def find_drafts(paths: list[Path]) -> list[Path]:
    """Draft files named directly, plus every *.yaml below folders (hidden folders skipped)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.y*ml")
                                if p.suffix in (".yaml", ".yml") and p.is_file()
                                and not any(part.startswith(".")
                                            for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    unique, seen = [], set()
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def build_paths(paths: list[Path], project: Project, options: BuildOptions,
                jobs: int = 1, on_done=None) -> list[Outcome]:
    """Builds every draft; a failing draft does not stop the others."""
    drafts = find_drafts(paths)
    checked = [check_file(p, project) for p in drafts]
    outcomes: list[Outcome] = []
    buildable = [c for c in checked if c.ok]
    with Register(project.register_path) as register, Converter(jobs) as converter:
        for c in checked:
            if not c.ok:
                outcome = Outcome(c.path, "fehler", problems=c.problems)
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
        for c in buildable:
            outcome = build_checked(c, project, register, converter, options)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes

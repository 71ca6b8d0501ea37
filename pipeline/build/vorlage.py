"""One Vorlage from a checked, numbered draft to its PDF, as its list of steps.

render -> convert -> Anlagen -> assemble -> validate -> store (steps.py); a final with
nichtöffentliche Anlagen runs the first five twice, the second time for its publication
copy. Each step takes what the one before produced; nothing reaches back. Every failure
becomes a user message in one place (`_reported`): a user mistake at any step ends this
draft with problems and leaves no output behind, and the other drafts of a batch go on.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..check import Checked
from ..errors import Problem, UserError, display_path
from ..pdf import AnlageError, ConversionError, Converter
from ..project import Project
from ..records import Archive, Register
from ..render import Numbering
from . import steps
from .options import BuildOptions
from .outcome import Outcome, Status


def build_vorlage(checked: Checked, project: Project, numbering: Numbering,
                  converter: Converter, options: BuildOptions, register: Register) -> Outcome:
    """Builds one draft; a final PDF is validated before it is archived, together with its
    publication copy when it has nichtöffentliche Anlagen."""
    started = time.monotonic()
    outcome = Outcome(checked.path, Status.FEHLER, nummer=numbering.nummer,
                      problems=list(checked.problems))
    archive = (Archive(register, project.archive_dir, project.root)
               if numbering.final and options.archives else None)
    with _reported(outcome), tempfile.TemporaryDirectory(prefix="vorlage-") as tmp:
        work = Path(tmp)
        target = steps.target_path(checked, numbering, options, archive, project)
        pdf, docx, outcome.pages, notes = _pdf(checked, project, numbering, converter,
                                               options, options.public, work / "vorlage")
        outcome.problems.extend(notes)
        copy = None
        if archive is not None and steps.needs_copy(checked):
            # From the same inputs in the same run, so it is the final minus closed Anlagen.
            copy = _pdf(checked, project, numbering, converter, options, True,
                        work / "kopie")[0]
        outcome.status = steps.store(pdf, docx, target, checked, project, numbering, options,
                                     archive, copy)
        outcome.output = target
    outcome.seconds = time.monotonic() - started
    return outcome


def _pdf(checked: Checked, project: Project, numbering: Numbering, converter: Converter,
         options: BuildOptions, public: bool, work: Path) -> tuple[Path, Path, int, list]:
    """One PDF of the Vorlage (complete, or the public copy): the PDF, its Word file, its
    pages and notes on its Anlagen."""
    work.mkdir()
    final, style = numbering.final, checked.style
    docx = steps.render(checked, numbering, public, work)
    vorlage_pdf = steps.convert(docx, converter, final, style.config.pdfa)
    attachments, notes = steps.anlagen(checked, project, converter, options, final, public)
    pdf, pages = steps.assemble(vorlage_pdf, attachments, checked, numbering, work)
    if final and style.config.pdfa:
        steps.validate(pdf, checked)
    return pdf, docx, pages, notes


@contextmanager
def _reported(outcome: Outcome) -> Iterator[None]:
    """Turns whatever ends a build into problems of its outcome, and swallows it."""
    def problem(message: str) -> Problem:
        return Problem(display_path(outcome.path), None, None, "", message)

    try:
        yield
    except UserError as exc:
        outcome.problems.extend(exc.problems)
    except (ConversionError, AnlageError) as exc:
        outcome.problems.append(problem(str(exc)))
    except OSError as exc:  # the disk is full, a size limit hit, a folder not writable
        outcome.problems.append(problem(f"Schreiben fehlgeschlagen: {exc.strerror or exc} "
                                        f"({exc.filename or 'Ausgabe'}); nichts Halbes "
                                        "geschrieben, der nächste Lauf baut die Vorlage"))
    except Exception as exc:  # an internal bug: report it, keep the batch going
        outcome.problems.append(problem(f"interner Fehler: {exc!r}"))
        outcome.traceback = traceback.format_exc()
    else:
        return
    outcome.status, outcome.output = Status.FEHLER, None

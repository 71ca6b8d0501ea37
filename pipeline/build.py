"""One Vorlage from draft to PDF, as a flat sequence of named steps.

check -> number -> render (docxtpl) -> convert (LibreOffice) -> Anlagen -> assemble (pypdf).
Every step takes what the one before produced; nothing reaches back. A user mistake at any
step ends this draft with problems and leaves no output behind; other drafts go on.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from . import anlagen
from .assemble import Attachment, Metadata, assemble
from .cache import BuildCache, ConvertedAnlagen, build_key
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
    force: bool = False
    jobs: int = 1
    timeout: float = 120.0
    max_rss_mib: float = 1024.0

    public: bool = False           # leave out nichtöffentliche Anlagen (publication copies)
    follow_register: bool = False  # final if the draft holds a number, else draft; assign none

    def cache_options(self, final: bool) -> dict:
        return {"final": final, "keep_docx": self.keep_docx, "public": self.public}


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

    def as_dict(self) -> dict:
        return {"entwurf": str(self.path), "status": self.status, "nummer": self.nummer,
                "pdf": str(self.output) if self.output else None, "seiten": self.pages,
                "sekunden": round(self.seconds, 3), "fehler": [str(p) for p in self.errors],
                "warnungen": [str(p) for p in self.warnings]}


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float
    jobs: int
    restarts: int = 0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "fehler"]

    def as_dict(self) -> dict:
        return {"gebaut": self.count("gebaut"), "unveraendert": self.count("unverändert"),
                "fehlgeschlagen": self.count("fehler"), "sekunden": round(self.seconds, 3),
                "jobs": self.jobs, "libreoffice_neustarts": self.restarts,
                "vorlagen": [o.as_dict() for o in self.outcomes]}


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


def build_checked(checked: Checked, project: Project, numbering: Numbering,
                  converter: Converter, options: BuildOptions) -> Outcome:
    """render -> convert -> Anlagen -> assemble for one checked, numbered draft."""
    started = time.monotonic()
    outcome = Outcome(checked.path, "fehler", nummer=numbering.nummer,
                      problems=list(checked.problems))
    draft, style = checked.draft, checked.style
    try:
        target = output_path(checked, numbering, options.out_dir)
        with tempfile.TemporaryDirectory(prefix="vorlage-") as tmp:
            work = Path(tmp)
            docx = work / "vorlage.docx"
            render_docx(draft, style, build_context(draft, style, numbering, options.public),
                        docx)
            vorlage_pdf = work / "vorlage.pdf"
            final = numbering.final
            converter.convert(docx, vorlage_pdf, tagged=final, pdfa=final and style.config.pdfa)
            attachments = _attachments(checked, project, converter, options, final)
            if attachments:
                meta = Metadata(title=" ".join(draft.betreff.split()), author=draft.amt,
                                subject=draft.vorlagenart, keywords=numbering.nummer)
                outcome.pages = assemble(vorlage_pdf, attachments, numbering.nummer, meta,
                                         target, style.labels["anlage"], final)
            else:
                # LibreOffice already wrote title, author, subject and language: no second pass.
                outcome.pages = _page_count(vorlage_pdf)
                atomic_save(lambda p: shutil.copyfile(vorlage_pdf, p), target, final)
            if options.keep_docx:
                atomic_save(lambda p: shutil.copyfile(docx, p), target.with_suffix(".docx"))
        outcome.status, outcome.output = "gebaut", target
    except UserError as exc:
        outcome.problems.extend(exc.problems)
    except (ConversionError, anlagen.AnlageError) as exc:
        outcome.problems.append(Problem(display_path(checked.path), None, None, "", str(exc)))
    except Exception as exc:  # an internal bug: report it, keep the batch going
        outcome.problems.append(Problem(display_path(checked.path), None, None, "",
                                        f"interner Fehler: {exc!r}"))
        outcome.traceback = traceback.format_exc()
    outcome.seconds = time.monotonic() - started
    return outcome


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def anlage_files(checked: Checked, project: Project) -> list[Path]:
    draft_dir = checked.path.resolve().parent
    root = project.drafts_root_for(checked.path)
    return [anlagen.resolve(a.datei, draft_dir, root)[0] for a in checked.draft.anlagen]


def _attachments(checked: Checked, project: Project, converter: Converter,
                 options: BuildOptions, final: bool) -> list[Attachment]:
    converted = ConvertedAnlagen(options.out_dir)
    mode = "final" if final else "entwurf"
    out = []
    for nr, (anlage, path) in enumerate(zip(checked.draft.anlagen,
                                            anlage_files(checked, project), strict=True), 1):
        if options.public and not anlage.oeffentlich:
            continue  # not even converted: nothing of it may reach a public copy
        if path is None:  # vanished since the check
            raise UserError(checked.loaded.problem(("anlagen", nr - 1, "datei"),
                                                   f"Datei {anlage.datei} nicht gefunden"))
        if path.suffix.lower() in anlagen.OFFICE_TYPES:
            try:
                path = converted.pdf_for(path, mode, lambda src, dst: converter.convert(
                    src, dst, tagged=final, pdfa=final))
            except ConversionError as exc:
                raise UserError(checked.loaded.problem(
                    ("anlagen", nr - 1, "datei"), f"lässt sich nicht umwandeln: {exc}")) from None
        out.append(Attachment(nr, anlage.titel, path))
    return out


def _estimated_work(checked: Checked) -> int:
    """Rough conversion cost of a draft: its text plus its Anlagen."""
    return checked.path.stat().st_size + 20_000 * len(checked.draft.anlagen)


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


class Batch:
    """Builds many drafts: checks all first, skips unchanged ones, converts in parallel.

    Rendering and PDF assembly run in threads beside the LibreOffice workers (one more
    thread than workers), so Python work overlaps with conversion. A failing draft is
    reported and the others go on; Ctrl-C stops the workers and leaves no partial PDF.
    """

    def __init__(self, project: Project, options: BuildOptions, on_start=None, on_done=None,
                 converter: Converter | None = None):
        self.project = project
        self.options = options
        self.converter = converter  # shared with the caller, who then also closes it
        self.on_start = on_start or (lambda path: None)
        self.on_done = on_done or (lambda outcome: None)

    def run(self, paths: list[Path]) -> BatchResult:
        started = time.monotonic()
        drafts = find_drafts(paths)
        checked = [check_file(p, self.project) for p in drafts]
        outcomes: list[Outcome] = []
        todo: list[tuple[Checked, Numbering, str]] = []
        cache = BuildCache(self.options.out_dir)
        converter = self.converter or Converter(self.options.jobs, timeout=self.options.timeout,
                                                max_rss_mib=self.options.max_rss_mib)
        owned = nullcontext() if self.converter else converter
        with Register(self.project.register_path) as register, owned:
            for c in checked:
                outcome = self._plan(c, register, cache, todo)
                if outcome is not None:
                    outcomes.append(outcome)
                    self.on_done(outcome)
                elif len(todo) == 1:
                    converter.start_in_background()  # overlaps start-up with the planning
            try:
                outcomes.extend(self._build_all(todo, converter, cache))
            finally:
                cache.flush()
            restarts = converter.stats.restarts
        order = {p.resolve(): i for i, p in enumerate(drafts)}
        outcomes.sort(key=lambda o: order.get(o.path.resolve(), 0))
        return BatchResult(outcomes, time.monotonic() - started, self.options.jobs, restarts)

    def _plan(self, c: Checked, register: Register, cache: BuildCache, todo) -> Outcome | None:
        """Numbers a checked draft and decides whether it needs building at all."""
        if not c.ok:
            return Outcome(c.path, "fehler", problems=c.problems)
        try:
            final = self.options.final
            if self.options.follow_register:
                final = register.number_of(self.project.draft_key(c.path)) is not None
            numbering = number_for(c, self.project, register, final)
        except UserError as exc:
            return Outcome(c.path, "fehler", problems=c.problems + exc.problems)
        key = build_key(c.path, anlage_files(c, self.project), c.style.fingerprint(),
                        numbering.nummer, self.options.cache_options(numbering.final))
        fresh = None if self.options.force else cache.fresh(self.project.draft_key(c.path), key)
        if fresh is not None:
            return Outcome(c.path, "unverändert", output=fresh, nummer=numbering.nummer,
                           problems=c.problems)
        todo.append((c, numbering, key))
        return None

    def _build_all(self, todo, converter: Converter, cache: BuildCache) -> list[Outcome]:
        if not todo:
            return []
        outcomes = []
        jobs = self.options.jobs
        # Longest first, so no LibreOffice worker is left with one long document at the end.
        todo = sorted(todo, key=lambda item: _estimated_work(item[0]), reverse=True)

        def one(item):
            c, numbering, key = item
            self.on_start(c.path)
            outcome = build_checked(c, self.project, numbering, converter, self.options)
            if outcome.status == "gebaut":
                cache.record(self.project.draft_key(c.path), key, outcome.output,
                             numbering.nummer)
            self.on_done(outcome)
            return outcome

        # Twice as many threads as LibreOffice workers: while they convert, the others render
        # the next documents and assemble finished ones. (Worker processes for rendering were
        # measured: on two cores they cost more CPU than they saved.) A short switch interval
        # hands the interpreter back quickly to a thread whose conversion just returned.
        pool = ThreadPoolExecutor(max_workers=2 * jobs, thread_name_prefix="vorlage")
        switch = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        try:
            futures = [pool.submit(one, item) for item in todo]
            for future in futures:
                outcomes.append(future.result())
        finally:
            sys.setswitchinterval(switch)
            pool.shutdown(wait=False, cancel_futures=True)
        return outcomes

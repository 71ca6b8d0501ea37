"""One Vorlage from draft to PDF, as a flat sequence of named steps.

check -> number -> render (docxtpl) -> convert (LibreOffice) -> Anlagen -> assemble (pypdf).
Every step takes what the one before produced; nothing reaches back. A user mistake at any
step ends this draft with problems and leaves no output behind; other drafts go on.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from . import anlagen, pdfa
from .archive import Archive, current_user
from .assemble import Attachment, Metadata, assemble
from .cache import BuildCache, ConvertedAnlagen, build_key, file_hash
from .checks import Checked, check_file
from .context import Numbering, build_context
from .convert import ConversionError, Converter
from .errors import HasProblems, Problem, UserError, display_path
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
    by: str | None = None          # who finalises (default: the user name)

    @property
    def archives(self) -> bool:
        """Final builds proper write to the archive; copies for sessions and export do not."""
        return self.final and not self.public and not self.follow_register

    def cache_options(self, final: bool) -> dict:
        return {"final": final, "keep_docx": self.keep_docx, "public": self.public}


@dataclass
class Outcome(HasProblems):
    path: Path
    status: str  # "gebaut", "unverändert" or "fehler"
    output: Path | None = None
    nummer: str | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    traceback: str = ""

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
    if draft.bezug:
        return _follow_up_number(checked, project, register, final)
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


def _follow_up_number(checked: Checked, project: Project, register: Register,
                      final: bool) -> Numbering:
    """Numbers an Ergänzungs- or Änderungsvorlage after its original: 2015/0288-1, -2, …"""
    draft, style = checked.draft, checked.style
    base = draft.bezug
    if Archive(register, project.archive_dir).record(base) is None:
        raise UserError(checked.loaded.problem(
            ("bezug",), f"Vorlage {base} ist nicht final archiviert; nur eine finale Vorlage "
                        "kann ergänzt oder geändert werden"))
    key = project.draft_key(checked.path)
    if final:
        number = register.assign_follow_up(
            key, base, lambda v: style.pattern.follow_up_number(base, v), style.key)
    else:
        number = register.number_of(key)
    if number is None:
        return Numbering(style.pattern.follow_up_number(base, "X"), False, True, 0, base)
    return Numbering(number, final, False, register.entry(number).version, base)


def build_checked(checked: Checked, project: Project, numbering: Numbering,
                  converter: Converter, options: BuildOptions,
                  register: Register) -> Outcome:
    """render -> convert -> Anlagen -> assemble (-> archive) for one checked, numbered
    draft. A final PDF must pass the PDF/A check before it is registered."""
    started = time.monotonic()
    outcome = Outcome(checked.path, "fehler", nummer=numbering.nummer,
                      problems=list(checked.problems))
    draft, style = checked.draft, checked.style
    archive = Archive(register, project.archive_dir) if (
        numbering.final and options.archives) else None
    try:
        target = (archive.path_for(numbering.nummer, draft.datum.year) if archive
                  else output_path(checked, numbering, options.out_dir))
        with tempfile.TemporaryDirectory(prefix="vorlage-") as tmp:
            work = Path(tmp)
            docx = work / "vorlage.docx"
            render_docx(draft, style, build_context(draft, style, numbering, options.public),
                        docx)
            vorlage_pdf = work / "vorlage.pdf"
            final = numbering.final
            converter.convert(docx, vorlage_pdf, tagged=final, pdfa=final and style.config.pdfa)
            attachments, notes = _attachments(checked, project, converter, options, final)
            outcome.problems.extend(notes)
            result = work / "ergebnis.pdf"
            if attachments:
                meta = Metadata(title=" ".join(draft.betreff.split()), author=draft.amt,
                                subject=draft.vorlagenart, keywords=numbering.nummer)
                outcome.pages = assemble(vorlage_pdf, attachments, numbering.nummer, meta,
                                         result, style.labels["anlage"], final=final)
            else:
                # LibreOffice already wrote title, author, subject and language: no second pass.
                outcome.pages = _page_count(vorlage_pdf)
                result = vorlage_pdf
            if final and style.config.pdfa:
                faults = pdfa.problems(result)
                if faults:
                    raise UserError(Problem(display_path(checked.path), None, None, "",
                                            "PDF/A-2b-Prüfung fehlgeschlagen: "
                                            + "; ".join(faults[:5])))
            if archive is not None:
                written = archive.store(result, target, _archive_record(
                    checked, project, numbering, target.relative_to(archive.folder), options))
                if not written:  # a concurrent run archived the same Vorlage first
                    outcome.status, outcome.output = "unverändert", target
                    outcome.seconds = time.monotonic() - started
                    return outcome
            else:
                atomic_save(lambda p: shutil.copyfile(result, p), target, final)
            if options.keep_docx:
                atomic_save(lambda p: shutil.copyfile(docx, p), target.with_suffix(".docx"))
        outcome.status, outcome.output = "gebaut", target
    except UserError as exc:
        outcome.problems.extend(exc.problems)
    except (ConversionError, anlagen.AnlageError) as exc:
        outcome.problems.append(Problem(display_path(checked.path), None, None, "", str(exc)))
    except OSError as exc:  # the disk is full, a size limit hit, a folder not writable
        outcome.problems.append(Problem(display_path(checked.path), None, None, "",
                                        f"Schreiben fehlgeschlagen: {exc.strerror or exc} "
                                        f"({exc.filename or 'Ausgabe'}); nichts Halbes "
                                        "geschrieben, der nächste Lauf baut die Vorlage"))
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


def _archive_record(checked: Checked, project: Project, numbering: Numbering,
                    datei: Path, options: BuildOptions) -> dict:
    draft = checked.draft
    draft_hash, anlagen_hashes, style_hash = archive_inputs(checked, project)
    return {"nummer": numbering.nummer, "version": numbering.version,
            "basis": numbering.basis,
            "datei": datei.as_posix(),
            "entwurf": project.draft_key(checked.path), "entwurf_sha256": draft_hash,
            "anlagen_sha256": anlagen_hashes, "hausstil_sha256": style_hash,
            "finalisiert_von": current_user(options.by),
            "betreff": " ".join(draft.betreff.split()), "vorlagenart": draft.vorlagenart,
            "datum": draft.datum.isoformat(),
            "gremien": json.dumps([{"gremium": b.gremium, "sitzung": b.sitzung.isoformat(),
                                    "zustaendigkeit": b.zustaendigkeit}
                                   for b in draft.beratungsfolge], ensure_ascii=False)}


def _attachments(checked: Checked, project: Project, converter: Converter,
                 options: BuildOptions, final: bool) -> tuple[list[Attachment], list[Problem]]:
    """The Anlagen as PDFs, converted or (for final PDF/A builds) normalised, and notes on
    what was done to them (scanned pages that got a text layer)."""
    converted = ConvertedAnlagen(options.out_dir)
    mode = "final" if final else "entwurf"
    out, notes = [], []
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
        elif final and checked.style.config.pdfa:
            needed, note = pdfa.needs_normalising(path)
            if needed:
                try:
                    path = converted.pdf_for(path, "pdfa", pdfa.normalise)
                except Exception as exc:  # OCRmyPDF's errors are many; all mean "cannot"
                    raise UserError(checked.loaded.problem(
                        ("anlagen", nr - 1, "datei"),
                        f"lässt sich nicht nach PDF/A wandeln: {exc}")) from None
                notes.append(checked.loaded.problem(("anlagen", nr - 1, "datei"),
                                                    f"Anlage {nr} ({anlage.titel}) {note}",
                                                    "info"))
        out.append(Attachment(nr, anlage.titel, path))
    return out, notes


def _estimated_work(checked: Checked) -> int:
    """Rough conversion cost of a draft: its text plus its Anlagen."""
    return checked.path.stat().st_size + 20_000 * len(checked.draft.anlagen)


def find_drafts(paths: list[Path]) -> list[Path]:
    """Draft files named directly, plus every *.yaml below folders (hidden folders skipped)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir() and path.suffix not in (".yaml", ".yml"):
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
        if not any(c.ok for c in checked):  # nothing to build: touch no register, no cache
            for c in checked:
                outcomes.append(Outcome(c.path, "fehler", problems=c.problems))
                self.on_done(outcomes[-1])
            return BatchResult(outcomes, time.monotonic() - started, self.options.jobs)
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
                outcomes.extend(self._build_all(todo, converter, cache, register))
            finally:
                cache.flush()
            restarts = converter.restarts
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
            if self.options.archives:
                numbering = final_number(c, self.project, register)
            else:
                numbering = number_for(c, self.project, register, final)
            if numbering.final and not self.options.public:
                done = self._archived(c, numbering, Archive(register, self.project.archive_dir))
                if done is not None:
                    return done
        except UserError as exc:
            return Outcome(c.path, "fehler", problems=c.problems + exc.problems)
        key = build_key(c.path, anlage_files(c, self.project), c.style.fingerprint,
                        numbering.nummer, self.options.cache_options(numbering.final))
        fresh = None if self.options.force else cache.fresh(self.project.draft_key(c.path), key)
        if fresh is not None:
            return Outcome(c.path, "unverändert", output=fresh, nummer=numbering.nummer,
                           problems=c.problems)
        todo.append((c, numbering, key))
        return None

    def _archived(self, c: Checked, numbering: Numbering, archive: Archive) -> Outcome | None:
        """A final Vorlage already in the archive: unchanged, or refused when changed."""
        record = archive.record(numbering.nummer)
        if record is None:
            return None
        if record.inputs() != archive_inputs(c, self.project):
            raise UserError(c.loaded.problem(
                (), f"Vorlage {numbering.nummer} ist final und archiviert; der Entwurf, seine "
                    "Anlagen oder der Hausstil haben sich seitdem geändert. Änderungen kommen "
                    f"als neue Vorlage: vorlage amend {numbering.nummer} --art "
                    "Änderungsvorlage (oder Ergänzungsvorlage)"))
        return Outcome(c.path, "unverändert", output=archive.folder / record.datei,
                       nummer=numbering.nummer, problems=c.problems)

    def _build_all(self, todo, converter: Converter, cache: BuildCache,
                   register: Register) -> list[Outcome]:
        if not todo:
            return []
        outcomes = []
        jobs = self.options.jobs
        # Longest first, so no LibreOffice worker is left with one long document at the end.
        todo = sorted(todo, key=lambda item: _estimated_work(item[0]), reverse=True)

        def one(item):
            c, numbering, key = item
            self.on_start(c.path)
            outcome = build_checked(c, self.project, numbering, converter, self.options,
                                    register)
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


def final_number(checked: Checked, project: Project, register: Register) -> Numbering:
    """The number of a Vorlage about to become final. Sign-offs are checked first, so a
    refused draft never uses a number up."""
    missing = missing_signoffs(checked.draft, checked.style)
    if missing:
        raise UserError(checked.loaded.problem(
            ("mitzeichnung",), "Mitzeichnung fehlt: " + ", ".join(missing)
            + "; erst nach allen Mitzeichnungen kann die Vorlage final werden"))
    return number_for(checked, project, register, True)


def assign_numbers(paths: list[Path], project: Project) -> list[Outcome]:
    """`vorlage number assign`: gives drafts their final numbers now, building nothing (for
    offices that number Vorlagen at a deadline and build them later)."""
    outcomes = []
    checked = [check_file(p, project) for p in find_drafts(paths)]
    with Register(project.register_path) as register:
        for c in checked:
            if not c.ok:
                outcomes.append(Outcome(c.path, "fehler", problems=c.problems))
                continue
            try:
                numbering = final_number(c, project, register)
            except UserError as exc:
                outcomes.append(Outcome(c.path, "fehler", problems=c.problems + exc.problems))
                continue
            outcomes.append(Outcome(c.path, "nummeriert", nummer=numbering.nummer,
                                    problems=c.problems))
    return outcomes


def archive_inputs(checked: Checked, project: Project) -> tuple[str, str, str]:
    """Hashes of what a final Vorlage was built from: draft, Anlagen, house style."""
    anlagen = [file_hash(p) if p else "" for p in anlage_files(checked, project)]
    return (file_hash(checked.path), json.dumps(anlagen), checked.style.fingerprint)


def missing_signoffs(draft, style) -> list[str]:
    """Offices whose sign-off a final build still lacks: those the house style requires
    (always, or when there are financial effects) and those the draft lists."""
    costs = draft.finanzen is not None and draft.finanzen.auswirkungen
    required = [r.stelle for r in style.config.mitzeichnung
                if r.wenn == "immer" or (r.wenn == "finanzen" and costs)]
    listed = {m.stelle: m for m in draft.mitzeichnung}
    out = []
    for stelle in dict.fromkeys(required + list(listed)):
        entry = listed.get(stelle)
        if entry is None:
            out.append(f"{stelle} (nicht eingetragen)")
        elif entry.status != "erteilt":
            out.append(f"{stelle} ({entry.status})")
    return out

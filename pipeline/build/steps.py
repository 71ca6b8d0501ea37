"""The steps of one Vorlage's build, each taking what it needs and returning what it made:
render -> convert -> Anlagen -> assemble -> validate -> store. vorlage.py calls them in order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..check import Checked
from ..errors import Problem, UserError, display_path
from ..files import atomic_save
from ..pdf import (IMAGE_TYPES, OFFICE_TYPES, Attachment, ConversionError, Converter, Metadata,
                   assemble_pdf, page_count, pdfa)
from ..project import Project
from ..workflow import Workflow
from ..records import Archive, current_user, file_name
from ..schema import Anlage
from ..render import (Formats, Numbering, build_context, declared_record, render_vorlage,
                      withheld)
from .cache import ConvertedAnlagen
from .inputs import anlage_files, archive_inputs
from .options import BuildOptions
from .outcome import Status

# The publication copy beside a final: a suffix no Vorlagennummer's file name can produce
# (records.names never writes a dot), so it cannot meet another final's file.
COPY_SUFFIX = ".oeffentlich.pdf"


def target_path(checked: Checked, numbering: Numbering, options: BuildOptions,
                archive: Archive | None, project: Project) -> Path:
    """Where the PDF goes: into the archive, under its number, or as a draft beside the
    others, in the draft's own sub-folder (drafts/a/x.yaml and drafts/b/x.yaml are two)."""
    if archive is not None:
        return archive.path_for(numbering.nummer, checked.style.dated(checked.draft).year)
    if numbering.final:
        return options.out_dir / f"{file_name(numbering.nummer)}.pdf"
    path = checked.path.resolve()
    folder = path.parent.relative_to(project.drafts_root_for(path))
    return options.out_dir / folder / f"{checked.path.stem}-ENTWURF.pdf"


def render(checked: Checked, numbering: Numbering, public: bool, work: Path) -> Path:
    """The filled Word file."""
    docx = work / "vorlage.docx"
    values = build_context(checked.draft, checked.style, numbering, public)
    render_vorlage(checked.draft, checked.style, values, docx, public)
    return docx


def convert(docx: Path, converter: Converter, final: bool, pdfa_wanted: bool) -> Path:
    """The Vorlage as PDF; final Vorlagen tagged, as PDF/A-2b where the house style wants."""
    pdf = docx.with_suffix(".pdf")
    converter.convert(docx, pdf, tagged=final, pdfa=final and pdfa_wanted)
    return pdf


def anlagen(checked: Checked, project: Project, converter: Converter, options: BuildOptions,
            final: bool, public: bool) -> tuple[list[Attachment], list[Problem]]:
    """The Anlagen as PDFs, converted or (for final PDF/A builds) normalised, and notes on
    what was done to them (scanned pages that got a text layer). A public copy leaves the
    nichtöffentlichen out. Office files (texts and spreadsheets) go through LibreOffice, a
    picture becomes a page and then goes the way of a PDF Anlage."""
    converted = ConvertedAnlagen(options.out_dir)
    mode = "final" if final else "entwurf"
    loaded = checked.loaded
    draft = checked.draft
    out, notes = [], []
    # Stamp and bookmark say the number the Vorlage's list prints.
    numbers = Anlage.numbers(draft.anlagen, checked.style.config.anlagen_zaehlung, public)
    for index, (anlage, path, nr) in enumerate(zip(draft.anlagen, anlage_files(
            checked, project), numbers, strict=True)):
        where = ("anlagen", index, "datei")
        if nr is None:
            continue  # not even converted: nothing of it may reach a public copy
        if anlage.datei is None:
            continue  # listed by its title only: no pages, no stamp
        if path is None:  # vanished since the check
            raise UserError(loaded.problem(where, f"Datei {anlage.datei} nicht gefunden"))
        if path.suffix.lower() in IMAGE_TYPES:
            path = picture(converted, path, project, loaded.problem, where)
        if path.suffix.lower() in OFFICE_TYPES:
            from ..pdf import defuse  # LibreOffice sees a copy without links out of the file

            removed: list[str] = []

            def convert(src: Path, dst: Path, removed: list[str] = removed) -> None:
                safe = dst.with_suffix(".defused" + src.suffix.lower())
                try:
                    removed.extend(defuse(src, safe, project.limits))
                    converter.convert(safe, dst, tagged=final, pdfa=final)
                finally:
                    safe.unlink(missing_ok=True)

            try:  # "-v2": PDFs cached before were converted from the original, not a copy
                path = converted.pdf_for(path, f"{mode}-v2", convert)
            except ConversionError as exc:
                raise UserError(loaded.problem(where, f"lässt sich nicht umwandeln: {exc}")) \
                    from None
            if removed:
                notes.append(loaded.problem(where, (
                    f"Anlage {nr} ({anlage.titel}): Verweise auf Dateien oder Webadressen "
                    "außerhalb der Anlage entfernt: " + "; ".join(removed[:3])
                    + (f" und {len(removed) - 3} weitere" if len(removed) > 3 else "")), "info"))
        elif final and checked.style.config.pdfa:
            # Sanitised first: the check and OCRmyPDF see what the Vorlage will hold.
            path = sanitised(converted, path, public, loaded.problem, where,
                             f"Anlage {nr} ({anlage.titel})", notes)
            needed, note = pdfa.needs_normalising(path)
            if needed:
                try:
                    path = converted.pdf_for(path, "pdfa", lambda src, dst: pdfa.normalise(
                        src, dst, project.limits))
                except Exception as exc:  # OCRmyPDF's errors are many; all mean "cannot"
                    raise UserError(loaded.problem(
                        where, f"lässt sich nicht nach PDF/A wandeln: {exc}")) from None
                notes.append(loaded.problem(where, f"Anlage {nr} ({anlage.titel}) {note}",
                                            "info"))
        # Whatever it is now (its own file, LibreOffice's or OCRmyPDF's), nothing in it acts.
        path = sanitised(converted, path, public, loaded.problem, where,
                         f"Anlage {nr} ({anlage.titel})", notes)
        out.append(Attachment(nr, anlage.titel, path))
    return out, notes


def picture(converted: ConvertedAnlagen, path: Path, project: Project, problem,
            where: tuple) -> Path:
    """A JPG or PNG Anlage as a one-page PDF (pdf.images), made once per content."""
    from ..pdf import ImageError, LimitExceeded, image_to_pdf

    try:
        return converted.pdf_for(path, "bild-v1", lambda src, dst: image_to_pdf(
            src, dst, project.limits))
    except (ImageError, LimitExceeded) as exc:
        raise UserError(problem(where, str(exc))) from None


def sanitised(converted: ConvertedAnlagen, path: Path, public: bool, problem, where: tuple,
              label: str, notes: list[Problem]) -> Path:
    """The Anlage's PDF without active content (pdf.sanitise; public: without metadata),
    with a note on what was removed."""
    from ..pdf import AnlageError

    try:
        path, removed = converted.sanitised(path, public)
    except AnlageError as exc:
        raise UserError(problem(where, f"lässt sich nicht bereinigen: {exc}")) from None
    if removed:
        notes.append(problem(where, f"{label}: aktive Inhalte entfernt: " + "; ".join(
            removed[:4]) + (f" und {len(removed) - 4} weitere" if len(removed) > 4 else ""),
            "info"))
    return path


def assemble(vorlage_pdf: Path, attachments: list[Attachment], checked: Checked,
             numbering: Numbering, work: Path) -> tuple[Path, int]:
    """The submission PDF and its page count. Without Anlagen, LibreOffice's file is it:
    it already carries title, author, subject and language."""
    if not attachments:
        return vorlage_pdf, page_count(vorlage_pdf)
    draft = checked.draft
    result = work / "ergebnis.pdf"
    meta = Metadata(title=" ".join(draft.betreff.split()), author=draft.amt,
                    subject=draft.vorlagenart, keywords=numbering.nummer)
    pages = assemble_pdf(vorlage_pdf, attachments, numbering.nummer, meta, result,
                         checked.style.labels["anlage"], final=numbering.final)
    return result, pages


def validate(pdf: Path, checked: Checked) -> None:
    """A final PDF/A file must pass the PDF/A-2b check before it is archived."""
    faults = pdfa.problems(pdf)
    if faults:
        raise UserError(Problem(display_path(checked.path), None, None, "",
                                "PDF/A-2b-Prüfung fehlgeschlagen: " + "; ".join(faults[:5])))


def needs_copy(checked: Checked) -> bool:
    """A public Vorlage with nichtöffentliche Anlagen, or with values in declared fields the
    house style does not publish, is published as a copy without them; otherwise the final
    itself is the publication copy."""
    draft = checked.draft
    return draft.oeffentlich and (withheld(draft, checked.style)
                                  or any(not a.oeffentlich for a in draft.anlagen))


def store(pdf: Path, docx: Path, target: Path, checked: Checked, project: Project,
          numbering: Numbering, options: BuildOptions, archive: Archive | None,
          copy: Path | None = None) -> Status:
    """Writes the PDF (and the Word file when kept) into place; a final one into the
    archive, once, with its publication copy and its draft. UNVERAENDERT when a concurrent
    run archived the same Vorlage first."""
    if archive is not None:
        record = archive_record(checked, project, numbering,
                                target.relative_to(archive.folder), options, copy is not None)
        workflow = Workflow(project, archive.register) if project.config.workflow else None
        if workflow is not None:  # who signed and released it, with the final
            record["freigabe"] = json.dumps(workflow.released_by(checked), ensure_ascii=False)
        if not archive.store(pdf, record, copy=copy, draft=checked.path):
            return Status.UNVERAENDERT
        if workflow is not None:
            workflow.finalised(record["finalisiert_von"], checked)
    else:
        atomic_save(lambda p: shutil.copyfile(pdf, p), target, numbering.final)
    if options.keep_docx:
        atomic_save(lambda p: shutil.copyfile(docx, p), target.with_suffix(".docx"))
    return Status.GEBAUT


def archive_record(checked: Checked, project: Project, numbering: Numbering, datei: Path,
                   options: BuildOptions, copy: bool = False) -> dict:
    """The archive's row for a final Vorlage: what it is and what it was built from."""
    draft = checked.draft
    draft_hash, anlagen_hashes, style_hash = archive_inputs(checked, project)
    stem = datei.with_suffix("")
    kopie = None
    if draft.oeffentlich:
        kopie = f"{stem.as_posix()}{COPY_SUFFIX}" if copy else datei.as_posix()
    return {"nummer": numbering.nummer, "version": numbering.version,
            "basis": numbering.basis,
            "datei": datei.as_posix(),
            "entwurf": project.draft_key(checked.path), "entwurf_sha256": draft_hash,
            "anlagen_sha256": anlagen_hashes, "hausstil_sha256": style_hash,
            "finalisiert_von": current_user(options.by),
            "betreff": " ".join(draft.betreff.split()), "vorlagenart": draft.vorlagenart,
            "datum": checked.style.dated(draft).isoformat(),
            "gremien": json.dumps([{"gremium": b.gremium,
                                    "sitzung": b.sitzung.isoformat() if b.sitzung else None,
                                    "zustaendigkeit": b.zustaendigkeit}
                                   for b in draft.beratungsfolge], ensure_ascii=False),
            "oeffentlich": int(draft.oeffentlich), "kopie_datei": kopie,
            "felder": json.dumps(declared_record(draft, checked.style, Formats(checked.style)),
                                 ensure_ascii=False),
            "entwurf_datei": f"{stem.as_posix()}.yaml",
            # As the final lists them: its number, whether a file was attached (sha256 "")
            "anlagen": json.dumps([{"nr": nr, "titel": a.titel, "oeffentlich": a.oeffentlich,
                                    "sha256": h} for a, h, nr in
                                   zip(draft.anlagen, json.loads(anlagen_hashes),
                                       Anlage.numbers(draft.anlagen,
                                                      checked.style.config.anlagen_zaehlung),
                                       strict=True)],
                                  ensure_ascii=False)}

"""`vorlage sitzung build`: Tagesordnung (for members and for the public), Sitzungsmappe and
the public Sitzungsmappe.

The Sitzungsmappe for members holds a cover, the agenda and every TOP's Vorlage with its
Anlagen in agenda order; an outline with one entry per TOP and nested entries per Anlage;
packet page numbers on every page; the agenda lists each TOP's packet page and links to it.
A Vorlage that earlier bodies of its Beratungsfolge deliberated gets a generated page of their
results before it ("Ergebnisse der Vorberatung"): the archived final itself stays unchanged.
The public Sitzungsmappe is built only from public material: the public agenda (closed TOPs
by number and public title only, as in the public Tagesordnung) and publication copies of
the public Vorlagen, rendered without their nichtöffentliche Anlagen. Closed content never
enters it, so it cannot leak through text, outline, metadata or leftover objects.
"""

from __future__ import annotations

import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from ..errors import UserError
from ..files import atomic_save
from ..pdf import PAGE_NUMBER, Converter, put_label, write_pdf
from ..project import Project
from ..render import MEMBERS, PUBLIC, render_agenda, render_results_page
from .publication import build_copies
from .results import earlier_results
from .session import Session, step_for

# The files of a session's output folder that may reach anyone; the others (the full agenda
# with closed titles, the members' packet) stay with the Sitzungsdienst.
PUBLIC_FILES = ("Tagesordnung-oeffentlich.pdf", "Sitzungsmappe-oeffentlich.pdf",
                "Niederschrift-oeffentlich.pdf")


@dataclass
class SessionOutput:
    tagesordnung: Path
    tagesordnung_oeffentlich: Path
    mappe: Path
    mappe_oeffentlich: Path
    pages: int
    public_pages: int


def _outline_titles(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page) of the top-level outline entries naming Anlagen."""
    out = []
    for item in reader.outline:
        if isinstance(item, list):
            continue
        title = str(item.title)
        if title.startswith("Anlage "):
            out.append((title, reader.get_destination_page_number(item)))
    return out


def check_buildable(session: Session) -> None:
    problems = [p for p in session.problems if p.is_error]
    for top in session.vorlagen():
        if top.checked is None:
            problems.append(session.loaded.problem(top.loc + ("vorlage",),
                                                   f"Vorlage „{top.ref}“ nicht gefunden"))
        elif not top.checked.ok:
            problems.append(session.loaded.problem(
                top.loc + ("vorlage",), f"Vorlage {top.ref} hat Fehler; `vorlage check "
                                        f"{top.ref}` zeigt sie"))
            problems.extend(top.checked.errors)
    if problems:
        raise UserError(problems)


def build_session(session: Session, project: Project, out_dir: Path, jobs: int = 2,
                  on_done=None, converter: Converter | None = None) -> SessionOutput:
    """Builds the session's files; with `converter` (the server's resident pool) on its
    running workers, else on `jobs` started for this build."""
    check_buildable(session)
    out_dir.mkdir(parents=True, exist_ok=True)
    drafts = [t.draft_path for t in session.vorlagen()]
    public_drafts = [t.draft_path for t in session.vorlagen() if t.public]
    pool = nullcontext(converter) if converter else Converter(jobs, limits=project.limits)
    with pool as converter, tempfile.TemporaryDirectory(prefix="sitzung-") as tmp:
        work = Path(tmp)
        copies = {variant: build_copies(project, paths, out_dir / ".vorlagen" / variant,
                                        converter, variant == PUBLIC, on_done)
                  for variant, paths in ((MEMBERS, drafts), (PUBLIC, public_drafts))}
        tagesordnung = out_dir / "Tagesordnung.pdf"
        tagesordnung_public = out_dir / PUBLIC_FILES[0]
        for target, public_agenda in ((tagesordnung, False), (tagesordnung_public, True)):
            pdf = _agenda_pdf(session, converter, work, target.stem, None, None, public_agenda)
            atomic_save(lambda p, pdf=pdf: Path(p).write_bytes(pdf.read_bytes()), target)
        mappe = out_dir / "Sitzungsmappe.pdf"
        recorded = session.recorded
        pages = _packet(session, converter, work, MEMBERS, copies[MEMBERS], mappe,
                        _covers(session, converter, work, recorded, False))
        public = out_dir / PUBLIC_FILES[1]
        public_pages = _packet(session, converter, work, PUBLIC, copies[PUBLIC], public,
                               _covers(session, converter, work, recorded, True))
    return SessionOutput(tagesordnung, tagesordnung_public, mappe, public, pages, public_pages)


def _covers(session: Session, converter: Converter, work: Path, recorded: dict,
            public: bool) -> dict[int, PdfReader]:
    """For each TOP whose Vorlage earlier bodies deliberated, the page of their results
    that goes before it (for the public packet: of public deliberations only)."""
    out = {}
    for i, top in enumerate(session.tops):
        draft = top.checked.draft if top.checked is not None else None
        if draft is None or (public and not top.public):
            continue
        mine = recorded.get(top.draft_path, [])
        step = step_for(draft, session.data.gremium, session.data.datum, mine)
        results = earlier_results(draft, step, mine, public) if step is not None else ()
        if not results:
            continue
        name = f"{'oeffentlich' if public else 'intern'}-vorberatung-{i}"
        docx, pdf = work / f"{name}.docx", work / f"{name}.pdf"
        render_results_page(session.style, top.nummer_vorlage, top.titel, results, docx)
        converter.convert(docx, pdf)
        out[i] = PdfReader(str(pdf))
    return out


def _agenda_pdf(session: Session, converter: Converter, work: Path, name: str,
                packet: str | None, pages: dict[int, int] | None,
                public: bool = False) -> Path:
    """The agenda as PDF; `public` (always so for the public packet): closed TOPs by number
    and public title only."""
    docx = work / f"{name}.docx"
    pdf = work / f"{name}.pdf"
    render_agenda(session.agenda(public or packet == PUBLIC), docx, packet, pages)
    converter.convert(docx, pdf)
    return pdf


def _packet(session: Session, converter: Converter, work: Path, variant: str,
            copies: dict[Path, Path], out: Path, covers: dict[int, PdfReader]) -> int:
    tops = [(i, t) for i, t in enumerate(session.tops)
            if t.draft_path is not None and (variant == MEMBERS or t.public)]
    readers = {i: PdfReader(str(copies[t.draft_path])) for i, t in tops}
    before = {i: len(covers[i].pages) if i in covers else 0 for i, _ in tops}
    # The agenda lists the packet pages, which depend on the agenda's own length: render
    # with placeholders, count, render again with the real numbers (rarely a third time).
    agenda_pages, pages = None, {i: 999 for i, _ in tops}
    for attempt in range(3):
        agenda = PdfReader(str(_agenda_pdf(session, converter, work, f"{variant}-{attempt}",
                                           variant, pages)))
        if len(agenda.pages) == agenda_pages:
            break
        agenda_pages = len(agenda.pages)
        start, pages = agenda_pages + 1, {}
        for i, _ in tops:
            pages[i] = start
            start += before[i] + len(readers[i].pages)
    writer = PdfWriter()
    writer.append(agenda, import_outline=False)
    labels = session.style.labels
    writer.add_outline_item(title=labels["tagesordnung"],
                            page_number=1 if agenda_pages > 1 else 0)
    for i, top in tops:
        first = len(writer.pages)
        if i in covers:
            writer.append(covers[i], import_outline=False)
        writer.append(readers[i], import_outline=False)
        entry = writer.add_outline_item(title=f"{top.nummer}: {top.titel}", page_number=first)
        if i in covers:
            writer.add_outline_item(title=session.style.labels["ergebnisse_vorberatung"],
                                    page_number=first, parent=entry)
        for title, page in _outline_titles(readers[i]):
            writer.add_outline_item(title=title, page_number=first + before[i] + page,
                                    parent=entry)
    _link_agenda(writer, agenda_pages, {session.tops[i].nummer: pages[i] for i, _ in tops},
                 {t.nummer for t in session.tops})
    name = f"{labels['sitzungsmappe']} {session.data.gremium} {session.data.datum:%d.%m.%Y}"
    _number_pages(writer, name)
    title = f"{name} ({labels['oeffentlicher_teil']})" if variant == PUBLIC else name
    writer.add_metadata({"/Title": title, "/Author": session.style.config.name,
                         "/Subject": labels["sitzungsmappe"], "/Creator": "Ratsvorlagen",
                         "/Producer": "Ratsvorlagen"})
    write_pdf(writer, out)
    return len(writer.pages)


def _link_agenda(writer: PdfWriter, agenda_pages: int, targets: dict[str, int],
                 labels: set[str]) -> None:
    """Makes each agenda row of a TOP with a Vorlage a link to the TOP's first page.

    The rows are found by their TOP number in the agenda's text positions (LibreOffice does
    not export hyperlinks of DOCX files): a row reaches from its TOP number down to the
    next row."""
    for page_index in range(agenda_pages):
        page = writer.pages[page_index]
        segments: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size, segments=segments):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                segments.append((text.strip(), x, y))

        page.extract_text(visitor_text=visit)
        starts = [i for i, (text, _, _) in enumerate(segments) if text in labels]
        right = float(page.mediabox.right) - 50
        for n, i in enumerate(starts):
            text, x, y = segments[i]
            if text not in targets:
                continue
            end = starts[n + 1] if n + 1 < len(starts) else len(segments)
            row = [s for s in segments[i:end] if s[2] <= y + 1]
            bottom = min(s[2] for s in row) - 4
            if n + 1 == len(starts):  # the last row: stop at the end of the table's text
                bottom = max(bottom, y - 60)
            writer.add_annotation(page_index, Link(rect=(x - 3, bottom, right, y + 11),
                                                   target_page_index=targets[text] - 1))


def _number_pages(writer: PdfWriter, prefix: str) -> None:
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, 1):
        put_label(page, f"{prefix} · Seite {number} von {total}", PAGE_NUMBER)


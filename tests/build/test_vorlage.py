"""One Vorlage built: end to end with real LibreOffice and real PDFs, and what a failing step
leaves behind."""

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from helpers import MINIMAL, pdf_text, run
from pipeline.build import BuildOptions, Status, build_vorlage, steps
from pipeline.check import check_file
from pipeline.pdf import ConversionError, pdfa
from pipeline.records import Register
from pipeline.render import Numbering

LONG = MINIMAL.replace("  Die Geräte sind veraltet.\n", "".join(
    f"  Absatz {i}: Die Geräte im Sitzungssaal sind veraltet und müssen ersetzt werden, "
    "weil Ersatzteile fehlen und die Wartung teuer geworden ist.\n\n" for i in range(60)))


def make_pdf(path, text):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 700, text)
    c.showPage()
    c.drawString(72, 700, text + " Seite 2")
    c.save()


def make_docx(path, text):
    doc = Document()
    doc.add_heading("Kostenaufstellung", 1)
    doc.add_paragraph(text)
    doc.save(path)


def with_anlagen(project):
    make_pdf(project.drafts_dir / "angebot.pdf", "Angebot der Firma Muster")
    make_docx(project.drafts_dir / "kosten.docx", "Kosten im Einzelnen")
    return LONG + ("anlagen:\n  - titel: Angebot\n    datei: angebot.pdf\n"
                   "  - titel: Kostenaufstellung\n    datei: kosten.docx\n")


def test_draft_build_has_footer_anlagen_bookmarks_stamps_metadata(project, write_draft):
    write_draft("geraete.yaml", with_anlagen(project))
    result = run(["build", "drafts/geraete.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    pdf = project.output_dir / "geraete-ENTWURF.pdf"
    reader = PdfReader(str(pdf))
    pages = [p.extract_text() for p in reader.pages]
    vorlage_pages = [i for i, t in enumerate(pages) if "Absatz" in t or "Beschaffung" in t]
    count = max(vorlage_pages) + 1
    assert count >= 2
    assert "ENTWURF" in pages[0]
    # Footer "<Nummer> Seite X von Y" on every Vorlage page after the first, not on the first.
    assert "Seite 1 von" not in pages[0]
    for i in range(1, count):
        assert f"2024/XXXX Seite {i + 1} von {count}" in pages[i]
    # Anlagen follow in order, keep their pages and carry a stamp on their first page.
    assert "Anlage 1 zur Vorlage 2024/XXXX" in pages[count]
    assert "Angebot der Firma Muster" in pages[count]
    assert "Seite 2" in pages[count + 1] and "Anlage 1 zur" not in pages[count + 1]
    assert "Anlage 2 zur Vorlage 2024/XXXX" in pages[count + 2]
    assert "Kosten im Einzelnen" in pages[count + 2]
    assert len(pages) == count + 3
    outline = [(item.title, reader.get_destination_page_number(item))
               for item in reader.outline if not isinstance(item, list)]
    assert ("Anlage 1: Angebot", count) in outline
    assert ("Anlage 2: Kostenaufstellung", count + 2) in outline
    meta = reader.metadata
    assert meta.title == "Beschaffung von Testgeräten"
    assert meta.author == "Amt für Tests"
    assert meta.subject == "Beschlussvorlage"
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"


@pytest.mark.parametrize("fault, message", [
    (OSError(28, "No space left on device"), "Schreiben fehlgeschlagen: No space left on device"),
    (ConversionError("vorlage.docx: LibreOffice-Fehler (x)"), "LibreOffice-Fehler (x)"),
    (KeyError("oops"), "interner Fehler: KeyError('oops')")])
def test_every_failure_becomes_a_problem_and_leaves_no_pdf(project, write_draft, converter,
                                                           monkeypatch, fault, message):
    checked = check_file(write_draft("v.yaml"), project)

    def broken(*args):
        raise fault

    monkeypatch.setattr(steps, "assemble", broken)
    with Register(project.register_path) as register:
        outcome = build_vorlage(checked, project, Numbering("2024/XXXX", False, True),
                                converter, BuildOptions(out_dir=project.output_dir), register)
    assert outcome.status == Status.FEHLER and outcome.output is None
    assert message in outcome.first_error
    assert bool(outcome.traceback) == isinstance(fault, KeyError)  # only bugs keep theirs
    assert not list(project.output_dir.glob("*.pdf"))


QUOTED_BETREFF = ('Bebauungsplan "Auf der Bühne", Kita „Sonnenschein“ & Hort, '
                  "Straße <Am Bach>, Johann's Platz")


@pytest.mark.parametrize("with_anlage", [False, True], ids=["ohne Anlagen", "mit PDF-Anlage"])
def test_a_final_betreff_with_quotes_ampersand_and_brackets_is_archived(
        project, write_draft, converter, with_anlage):
    """LibreOffice 7.4 wrote `&amp;quot;` into the XMP title, so such a Betreff never passed
    the PDF/A check (issue 13, point 11)."""
    draft = MINIMAL.replace("betreff: Beschaffung von Testgeräten",
                            "betreff: '" + QUOTED_BETREFF.replace("'", "''") + "'")
    draft = draft.replace("amt: Amt für Tests", "amt: Amt für Umwelt & Klima")
    if with_anlage:
        make_docx(project.drafts_dir / "lageplan.docx", "Lageplan des Plangebiets")
        converter.convert(project.drafts_dir / "lageplan.docx", project.drafts_dir / "plan.pdf")
        draft += "anlagen:\n  - titel: Lageplan\n    datei: plan.pdf\n"
    write_draft("v.yaml", draft)
    result = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    path = next(project.output_dir.glob("archiv/*/*.pdf"))
    assert pdfa.problems(path) == []
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == QUOTED_BETREFF
        assert meta["dc:creator"] == [str(pdf.docinfo.Author)] == ["Amt für Umwelt & Klima"]
        assert meta["dc:description"] == "Beschlussvorlage"
        assert meta.pdfa_status == "2B" and ("pdfuaid:part" in meta) != with_anlage
    assert ("Anlage 1 zur Vorlage 2024/0001" in pdf_text(path)) == with_anlage

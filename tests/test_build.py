"""`vorlage build` end to end: real LibreOffice, real PDFs opened and inspected with pypdf."""

import re

from docx import Document
from pypdf import PdfReader

from conftest import MINIMAL, pdf_text, run

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


def test_final_numbers_are_stable_and_continue(project, write_draft):
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("Testgeräten", "Stühlen"))
    first = run(["build", "--final", "drafts"], project.root)
    assert first.returncode == 0, first.stderr
    second = run(["build", "--final", "drafts"], project.root)
    assert second.returncode == 0, second.stderr
    numbers = lambda out: sorted(re.findall(r"drafts/(\w)\.yaml: (\S+) ->", out))  # noqa: E731
    assert numbers(first.stdout) == numbers(second.stdout) == [("a", "2024/0001"),
                                                               ("b", "2024/0002")]
    write_draft("c.yaml", MINIMAL.replace("Testgeräten", "Tischen"))
    third = run(["build", "--final", "drafts"], project.root)
    assert numbers(third.stdout)[-1] == ("c", "2024/0003")
    final = project.output_dir / "archiv" / "2024" / "2024-0003.pdf"
    text = pdf_text(final)
    assert "Tischen" in text and "ENTWURF" not in text
    listing = run(["number"], project.root).stdout
    assert [line.split()[0] for line in listing.splitlines()] == ["2024/0001", "2024/0002",
                                                                   "2024/0003"]


def test_broken_draft_in_batch_does_not_stop_others(project, write_draft):
    write_draft("gut.yaml")
    write_draft("kaputt.yaml", MINIMAL.replace("datum: 01.02.2024", "datum: 2024-13-01"))
    result = run(["build", "drafts"], project.root)
    assert result.returncode == 1
    assert "drafts/kaputt.yaml:3:8: datum: dieses Datum gibt es nicht" in result.stderr
    assert (project.output_dir / "gut-ENTWURF.pdf").exists()
    assert not (project.output_dir / "kaputt-ENTWURF.pdf").exists()
    assert not list(project.output_dir.glob(".*tmp"))


def test_keep_docx_and_markdown_become_word_structures(project, write_draft):
    text = MINIMAL.replace("  Die Geräte sind veraltet.\n", """\
  ## Ausgangslage

  Erster Absatz mit **fett** und *kursiv*.[^1]

  1. eins
  2. zwei
     - unter

  > Zitat der Richtlinie

  | Gerät | Anzahl |
  |---|--:|
  | Beamer | 2 |

  [^1]: Quelle: Inventarliste 2023
""")
    write_draft("md.yaml", text)
    result = run(["build", "--keep-docx", "drafts/md.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    doc = Document(str(project.output_dir / "md-ENTWURF.docx"))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Ausgangslage"].startswith("Heading")
    assert styles["Zitat der Richtlinie"] == "Quote"
    numbered = [p for p in doc.paragraphs if p._p.pPr is not None
                and p._p.pPr.numPr is not None]
    assert [p.text for p in numbered if p.text in ("eins", "zwei", "unter")] == [
        "eins", "zwei", "unter"]
    runs = {r.text: r for p in doc.paragraphs for r in p.runs}
    assert runs["fett"].bold and runs["kursiv"].italic
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Gerät")
    assert [c.text for c in table.rows[1].cells] == ["Beamer", "2"]
    assert "**" not in pdf_text(project.output_dir / "md-ENTWURF.pdf")
    footnotes = [p for p in doc.part.package.parts if p.partname.endswith("footnotes.xml")]
    assert b"Inventarliste 2023" in footnotes[0].blob
    assert "Quelle: Inventarliste 2023" in pdf_text(project.output_dir / "md-ENTWURF.pdf")


def test_corrupt_and_encrypted_anlagen_fail_cleanly(project, write_draft):
    from pypdf import PdfWriter

    (project.drafts_dir / "kaputt.pdf").write_bytes(b"%PDF-1.4\nnonsense")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    writer.write(str(project.drafts_dir / "zu.pdf"))
    write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: K\n    datei: kaputt.pdf\n"
                "  - titel: Z\n    datei: zu.pdf\n")
    result = run(["build", "drafts/a.yaml"], project.root)
    assert result.returncode == 1
    assert "anlagen[1].datei: kaputt.pdf ist keine lesbare PDF-Datei" in result.stderr
    assert "anlagen[2].datei: zu.pdf ist verschlüsselt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.output_dir.exists() or not list(project.output_dir.glob("*.pdf"))


def test_house_style_logo_appears_on_the_first_page(project, write_draft):
    import shutil

    from PIL import Image

    from conftest import REPO

    folder = project.root / "templates" / "mitlogo"
    shutil.copytree(REPO / "templates" / "standard", folder)
    Image.new("RGB", (120, 60), (200, 30, 30)).save(folder / "wappen.png")
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8") + "logo: wappen.png\n", encoding="utf-8")
    write_draft("l.yaml", "hausstil: mitlogo\n" + MINIMAL)
    result = run(["build", "drafts/l.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(project.output_dir / "l-ENTWURF.pdf"))
    assert len(reader.pages[0].images) == 1
    assert all(len(page.images) == 0 for page in reader.pages[1:])


def test_numbers_restart_each_year(project, write_draft):
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("01.02.2024", "05.01.2025")
                .replace("01.03.2024", "01.03.2025").replace("15.03.2024", "15.03.2025"))
    result = run(["build", "--final", "drafts"], project.root)
    assert result.returncode == 0, result.stderr
    assert "drafts/a.yaml: 2024/0001" in result.stdout
    assert "drafts/b.yaml: 2025/0001" in result.stdout

"""Labels drawn onto pages: the Anlage stamp in the top right corner, page numbers below."""

import re
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from helpers import helvetica_pdf
from pipeline.pdf import PAGE_NUMBER, STAMP, put_label


def positions(page) -> dict[str, tuple[float, float]]:
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found[text.strip()] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("rotate", [0, 90])
def test_stamp_sits_top_right_and_page_number_bottom_centre(tmp_path, rotate):
    source = tmp_path / "a.pdf"
    helvetica_pdf(source, "Inhalt der Anlage")
    writer = PdfWriter(clone_from=str(source))
    page = writer.pages[0]
    if rotate:
        page.rotate(rotate)
    put_label(page, "Anlage 1 zur Vorlage 2024/0001", STAMP)
    put_label(page, "Seite 3 von 9", PAGE_NUMBER)
    out = tmp_path / "b.pdf"
    writer.write(str(out))
    result = PdfReader(str(out)).pages[0]
    assert result.get("/Rotate", 0) == 0  # turned upright first, so the corner is right
    width, height = float(result.mediabox.width), float(result.mediabox.height)
    found = positions(result)
    assert "Inhalt der Anlage" in result.extract_text()
    x, y = found["Anlage 1 zur Vorlage 2024/0001"]
    assert x > width / 2 and y > height - 60
    x, y = found["Seite 3 von 9"]
    assert y < 20 and width / 3 < x < width / 2


def test_labels_embed_their_font(tmp_path):
    from pipeline.pdf.pdfa import page_problems

    source = tmp_path / "a.pdf"
    helvetica_pdf(source, "x")
    writer = PdfWriter(clone_from=str(source))
    put_label(writer.pages[0], "Anlage 2", STAMP)
    out = tmp_path / "b.pdf"
    writer.write(str(out))
    # Only the page's own Helvetica is unembedded; the stamp's font travels with it.
    assert page_problems(PdfReader(str(out))) == ["Seite 1: Schrift Helvetica nicht eingebettet"]


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_the_assembly_stamp_sits_top_right_where_the_reader_sees_it(tmp_path, rotate):
    """stamp_page (pikepdf, the assembly's) puts the label where put_label does: a rotated
    page is turned upright first, its content still on the page."""
    import pikepdf

    from pipeline.pdf import stamp_page

    source = tmp_path / "a.pdf"
    helvetica_pdf(source, "Inhalt der Anlage")
    out = tmp_path / "b.pdf"
    with pikepdf.open(source) as pdf:
        if rotate:
            pdf.pages[0].rotate(rotate, relative=False)
        label = stamp_page(pdf.pages[0], "Anlage 1 zur Vorlage 2024/0001", STAMP)
        pdf.save(out)
        label.close()
    result = PdfReader(str(out)).pages[0]
    assert result.get("/Rotate", 0) == 0
    width, height = float(result.mediabox.width), float(result.mediabox.height)
    assert (width > height) == (rotate in (90, 270))  # the page as the reader saw it
    assert "Inhalt der Anlage" in result.extract_text()
    # Where a reader sees it (poppler applies the page's rotation): the top right corner.
    box = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                         text=True, check=True).stdout
    x, y = next((float(x), float(y)) for x, y in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>zur</word>', box))
    assert x > width / 2 and y < 60

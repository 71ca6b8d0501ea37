"""A Vorlage as LibreOffice exports it for a final build: tagged PDF/A-2b with a title."""

import shutil

import pytest
from docx import Document


@pytest.fixture(scope="session")
def final_vorlage_pdf(tmp_path_factory, converter):
    folder = tmp_path_factory.mktemp("final")
    docx = folder / "vorlage.docx"
    doc = Document()
    doc.core_properties.title = "Beschaffung von Testgeräten"
    doc.add_heading("Beschlussvorlage", 1)
    doc.add_paragraph("Der Rat beschließt die Beschaffung.")
    doc.save(docx)
    pdf = folder / "vorlage.pdf"
    converter.convert(docx, pdf, tagged=True, pdfa=True)
    return pdf


@pytest.fixture
def final_copy(final_vorlage_pdf, tmp_path):
    """A private copy the test may change."""
    path = tmp_path / "vorlage.pdf"
    shutil.copyfile(final_vorlage_pdf, path)
    return path


# What LibreOffice 7.4 escaped twice in the XMP of a final export (issue 13, point 11).
QUOTED = {"title": 'Bebauungsplan "Auf der Bühne", Kita „Sonnenschein“ & Hort, '
                   "Straße <Am Bach>, Johann's Platz",
          "author": 'Amt für Umwelt & Klima "AUK"', "subject": "Beschluss- & <Mitteilung>",
          "keywords": "2024/0001"}


@pytest.fixture(scope="session")
def quoted_final(tmp_path_factory, converter):
    """A final export whose title, author and subject hold `"`, `&`, `'`, `<` and `>`;
    returns the PDF and the core properties it was made from."""
    folder = tmp_path_factory.mktemp("quoted")
    docx = folder / "vorlage.docx"
    doc = Document()
    for key, value in QUOTED.items():
        setattr(doc.core_properties, key, value)
    doc.add_paragraph("Der Rat beschließt den Bebauungsplan.")
    doc.save(docx)
    pdf = folder / "vorlage.pdf"
    converter.convert(docx, pdf, tagged=True, pdfa=True)
    return pdf, QUOTED

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

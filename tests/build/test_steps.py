"""The steps of one Vorlage's build, each on its own."""

import json
from pathlib import Path

import pytest
from docx import Document

from helpers import MINIMAL, helvetica_pdf, pdf_text
from pipeline.build import BuildOptions, steps
from pipeline.check import check_file
from pipeline.errors import UserError
from pipeline.records import Archive, Register
from pipeline.render import Numbering

DRAFT = Numbering("2024/XXXX", False, True)


def checked_draft(project, write_draft, extra=""):
    return check_file(write_draft("v.yaml", MINIMAL + extra), project)


def test_target_paths(project, write_draft):
    c = checked_draft(project, write_draft)
    options = BuildOptions(out_dir=project.output_dir)
    out = project.output_dir
    assert steps.target_path(c, DRAFT, options, None, project) == out / "v-ENTWURF.pdf"
    final = Numbering("2024/0001", True, False)
    assert steps.target_path(c, final, options, None, project) == out / "2024-0001.pdf"
    with Register(project.register_path) as register:
        archive = Archive(register, project.archive_dir)
        assert steps.target_path(c, final, options, archive, project) == \
            project.archive_dir / "2024" / "2024-0001.pdf"
    # Two drafts of one name in two folders get two PDFs, not one overwriting the other.
    a, b = (check_file(write_draft(f"{d}/v.yaml"), project) for d in ("bau", "schule"))
    assert steps.target_path(a, DRAFT, options, None, project) == out / "bau" / "v-ENTWURF.pdf"
    assert steps.target_path(b, DRAFT, options, None, project) == \
        out / "schule" / "v-ENTWURF.pdf"


def test_render_then_convert(project, write_draft, converter, tmp_path):
    c = checked_draft(project, write_draft)
    docx = steps.render(c, DRAFT, False, tmp_path)
    assert "Beschaffung von Testgeräten" in "\n".join(p.text for p in Document(docx).paragraphs)
    pdf = steps.convert(docx, converter, False, True)
    assert pdf == tmp_path / "vorlage.pdf" and "ENTWURF" in pdf_text(pdf)


def test_anlagen_step_leaves_closed_ones_out_of_public_copies(project, write_draft, converter):
    helvetica_pdf(project.drafts_dir / "offen.pdf", "Lageplan")
    helvetica_pdf(project.drafts_dir / "geheim.pdf", "Kaufpreis")
    c = checked_draft(project, write_draft, "anlagen:\n  - titel: Lageplan\n    datei: offen.pdf\n"
                      "  - titel: Kaufpreis\n    datei: geheim.pdf\n    oeffentlich: nein\n")
    options = BuildOptions(out_dir=project.output_dir)
    every, notes = steps.anlagen(c, project, converter, options, final=False, public=False)
    assert [(a.nr, a.titel) for a in every] == [("1", "Lageplan"), ("2", "Kaufpreis")] \
        and not notes
    assert [a.titel for a in steps.anlagen(c, project, converter, options, False, True)[0]] == [
        "Lageplan"]
    assert steps.needs_copy(c)
    (project.drafts_dir / "offen.pdf").unlink()
    with pytest.raises(UserError, match="anlagen\\[1\\].datei: Datei offen.pdf nicht gefunden"):
        steps.anlagen(c, project, converter, options, False, False)


def test_anlagen_keep_their_own_numbers_and_one_listed_by_title_has_no_pages(
        project, write_draft, converter):
    helvetica_pdf(project.drafts_dir / "plan.pdf", "Plan")
    helvetica_pdf(project.drafts_dir / "kosten.pdf", "Kosten")
    c = checked_draft(project, write_draft, (
        "anlagen:\n  - {titel: Plan, datei: plan.pdf, oeffentlich: nein}\n"
        "  - {titel: Modell}\n  - {titel: Kosten, datei: kosten.pdf, nr: '3.1'}\n"))
    assert c.ok, c.problems
    options = BuildOptions(out_dir=project.output_dir)
    every = steps.anlagen(c, project, converter, options, final=False, public=False)[0]
    assert [(a.nr, a.titel) for a in every] == [("1", "Plan"), ("3.1", "Kosten")]
    # the public copy leaves Plan out, yet 3.1 is a name and stays
    public = steps.anlagen(c, project, converter, options, final=False, public=True)[0]
    assert [(a.nr, a.titel) for a in public] == [("3.1", "Kosten")]
    record = steps.archive_record(c, project, Numbering("2024/0001", True, False),
                                  Path("2024/2024-0001.pdf"), options)
    listed = json.loads(record["anlagen"])
    assert [(a["nr"], a["titel"], bool(a["sha256"])) for a in listed] == [
        ("1", "Plan", True), ("2", "Modell", False), ("3.1", "Kosten", True)]


def test_assemble_without_anlagen_is_the_converted_vorlage(tmp_path, project, write_draft):
    c = checked_draft(project, write_draft)
    pdf = tmp_path / "vorlage.pdf"
    helvetica_pdf(pdf, "nur die Vorlage")
    assert steps.assemble(pdf, [], c, DRAFT, tmp_path) == (pdf, 1)


def test_validate_refuses_a_file_that_is_not_pdfa(tmp_path, project, write_draft):
    c = checked_draft(project, write_draft)
    pdf = tmp_path / "x.pdf"
    helvetica_pdf(pdf, "kein PDF/A")
    with pytest.raises(UserError, match="PDF/A-2b-Prüfung fehlgeschlagen: XMP-Metadaten"):
        steps.validate(pdf, c)


def test_store_writes_pdf_and_kept_word_file(tmp_path, project, write_draft):
    c = checked_draft(project, write_draft)
    pdf, docx = tmp_path / "e.pdf", tmp_path / "e.docx"
    helvetica_pdf(pdf, "Ergebnis")
    Document().save(docx)
    target = project.output_dir / "v-ENTWURF.pdf"
    options = BuildOptions(out_dir=project.output_dir, keep_docx=True)
    assert steps.store(pdf, docx, target, c, project, DRAFT, options, None) == "gebaut"
    assert target.read_bytes() == pdf.read_bytes()
    assert Path(target.with_suffix(".docx")).is_file()

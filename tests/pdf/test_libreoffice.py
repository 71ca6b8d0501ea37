"""The pool of LibreOffice workers: conversions, timeouts, crashes, restarts."""

import os
import signal

import pikepdf
import pytest
from docx import Document

from helpers import LONG, mid_batch, numbered_drafts, pdf_text, soffice_pids, start_batch
from pipeline.pdf import ConversionError, Converter, pdfa
from pipeline.pdf.libreoffice import UnreadableDocument, pdf_filter_data


@pytest.fixture
def docx(tmp_path):
    path = tmp_path / "brief.docx"
    doc = Document()
    doc.add_paragraph("Sehr geehrte Damen und Herren")
    doc.save(path)
    return path


def test_a_conversion_in_a_running_worker(converter, docx, tmp_path):
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    converter.convert(docx, target)
    assert "Sehr geehrte Damen und Herren" in pdf_text(target)
    assert sorted(os.listdir(target.parent)) == ["brief.pdf"]  # nothing of the attempt stays


def test_a_lock_file_left_by_a_killed_worker_does_not_block_the_next(converter, docx, tmp_path):
    """A worker killed while storing leaves `.~lock.<name>#` beside its target; storing to
    the same name then failed with 'impl_store … Abort' (seen in the hang test)."""
    target = tmp_path / "brief.pdf"
    (tmp_path / ".~lock.brief.pdf#").write_text(",root,host,01.12.2026 20:00,file:///x;")
    converter.convert(docx, target)
    assert "Sehr geehrte" in pdf_text(target)


def test_an_unreadable_file_fails_without_a_restart(converter, tmp_path):
    junk = tmp_path / "kaputt.docx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    restarts = converter.restarts
    with pytest.raises(UnreadableDocument, match="kaputt.docx: LibreOffice kann die Datei"):
        converter.convert(junk, tmp_path / "kaputt.pdf")
    assert converter.restarts == restarts  # the file is the problem, not the worker
    assert not (tmp_path / "kaputt.pdf").exists()


def test_export_options_per_build_kind():
    draft = pdf_filter_data(tagged=False, pdfa=False)
    assert draft["ExportBookmarks"] and "UseTaggedPDF" not in draft
    assert "SelectPdfVersion" not in draft
    final = pdf_filter_data(tagged=True, pdfa=True)
    assert final["UseTaggedPDF"] and final["PDFUACompliance"] and final["SelectPdfVersion"] == 2


def test_a_final_export_has_the_metadata_text_in_xmp_as_in_info(quoted_final):
    """LibreOffice 7.4 escapes the XMP fields twice (`&amp;quot;`); convert() repairs that."""
    pdf_path, props = quoted_final
    with pikepdf.open(pdf_path) as pdf:
        meta, info = pdf.open_metadata(), pdf.docinfo
        assert str(info.Title) == meta["dc:title"] == props["title"]
        assert str(info.Author) == props["author"] and meta["dc:creator"] == [props["author"]]
        assert str(info.Subject) == meta["dc:description"] == props["subject"]
        assert str(info.Keywords) == meta["pdf:Keywords"] == props["keywords"]
        assert meta.pdfa_status == "2B" and "pdfuaid:part" in meta
    assert pdfa.problems(pdf_path) == []


def test_a_closed_pool_launches_nothing(docx, tmp_path):
    pool = Converter(1)
    pool.close()
    with pytest.raises(ConversionError, match="abgebrochen"):
        pool.convert(docx, tmp_path / "x.pdf")
    assert pool.pids() == []


def test_killed_worker_is_replaced_and_every_pdf_is_built(project, write_draft):
    numbered_drafts(write_draft, 30, text=LONG)
    proc = start_batch(project)
    os.kill(mid_batch(project, proc), signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    assert "30 gebaut" in err and "0 fehlgeschlagen" in err
    assert "0 Neustart(s)" not in err


def test_hanging_conversion_is_killed_after_the_timeout(project, write_draft):
    numbered_drafts(write_draft, 30, text=LONG)
    proc = start_batch(project, "--timeout", "4")
    mid_batch(project, proc)
    for pid in soffice_pids(proc.pid):  # LibreOffice stops answering, whichever has work
        os.kill(pid, signal.SIGSTOP)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    assert "0 Neustart(s)" not in err  # the stopped worker was killed and replaced
